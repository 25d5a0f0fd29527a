import { escapeHtml } from '../../../escape.js';
import { oneLine } from '../../../text.js';
import type { RenderedBody } from './types.js';

// CommonMark parsers take quadratic time on some inputs: many `[` or `*` in one paragraph, deep
// `>` nesting. The work grows with the square of the delimiters in each paragraph, so that is what
// is budgeted. Real articles use a tiny fraction of it; a file over it is shown as plain text.
const DELIMITER_BUDGET = 10_000 * 10_000;
const MAX_NESTING = 100;
const DELIMITER_CODES = ['[', ']', '*', '_', '`', '<', '('].map((char) => char.charCodeAt(0));
const DELIMITER_SET = new Uint8Array(128);
for (const code of DELIMITER_CODES) DELIMITER_SET[code] = 1;

export interface Complexity {
  reason: string;
  line: number;
}

export function findComplexity(body: string): Complexity | null {
  // Counts per paragraph of [ ] * _ ` < ( (char codes 91 93 42 95 96 60 40), in one pass.
  const counts = new Int32Array(128);
  let spent = 0;
  let line = 1;
  let lineStart = true;
  let quotes = 0;
  let indent = 0;
  let blank = true;
  const pending = () => {
    let sum = spent;
    for (const code of DELIMITER_CODES) sum += counts[code]! * counts[code]!;
    return sum;
  };
  for (let i = 0; i <= body.length; i++) {
    const code = i < body.length ? body.charCodeAt(i) : 10;
    if (code === 10) {
      if (blank) {
        spent = pending();
        counts.fill(0);
      } else if (pending() > DELIMITER_BUDGET) {
        return { reason: 'has too many `[`, `*`, `_` or `<` to parse in reasonable time', line };
      }
      line++;
      lineStart = true;
      quotes = 0;
      indent = 0;
      blank = true;
      continue;
    }
    if (lineStart) {
      if (code === 62) quotes++;
      else if (code === 32 || code === 9) indent++;
      else lineStart = false;
      if (quotes > MAX_NESTING || indent > MAX_NESTING * 4) return { reason: 'nests too deeply', line };
    }
    if (code !== 32 && code !== 9 && code !== 13) blank = false;
    if (code < 128 && DELIMITER_SET[code]) counts[code]!++;
  }
  return null;
}

export function asPlainText(body: string, options: { takeHeading: boolean }, complexity: Complexity): RenderedBody {
  let text = body;
  let leadingHeading: string | null = null;
  const heading = options.takeHeading ? /^\s*#\s+(.+)\n?/.exec(body) : null;
  if (heading) {
    leadingHeading = heading[1]!.trim();
    text = body.slice(heading[0].length);
  }
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((block) => block.trim().replace(/\s*\n\s*/g, ' '))
    .filter(Boolean);
  return {
    html: paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n'),
    text: oneLine(paragraphs.join(' ')),
    leadingHeading,
    dateline: null,
    problems: [
      {
        reason: `Markdown ${complexity.reason}; the body is shown as plain text`,
        place: { line: complexity.line, column: 1 },
        ruleId: 'markdown-too-complex',
        hint: 'escape long runs of Markdown characters with \\, or split the text into paragraphs',
      },
    ],
  };
}
