import matter from 'gray-matter';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { isMap, isNode, isPair, isScalar, isSeq, parseDocument, type Document, type YAMLError } from 'yaml';
import { placeOfOffset, type Place } from '../../../messages/diagnostics.js';
import type { RuleId } from '../../../messages/rules.js';

// YAML front matter, read with gray-matter through an engine that reads YAML 1.2 core only.
// Keys are found again, with their place, only when a message needs one.

export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
  /** Lines above the body: add it to a line in the body to get the line in the file. */
  bodyLineOffset: number;
  /** Where a top-level key is written, for messages about its value. */
  /** Where a key is, or a key inside it: `placeOf('corrections', 1, 'date')`. */
  placeOf(key: string, ...within: (string | number)[]): Place | undefined;
}

export interface FrontMatterProblem {
  reason: string;
  place: Place | undefined;
  ruleId: RuleId;
  hint: string;
}

interface ParsedYaml {
  data: unknown;
  /** The YAML text, parsed again with positions only when a message needs a key's line. */
  source: string;
}

class YamlSyntaxError extends Error {
  constructor(readonly yamlError: YAMLError) {
    super(yamlError.message);
  }
}

class UnsupportedLanguageError extends Error {}

class AliasBombError extends Error {}

// YAML anchors and aliases can expand exponentially ("billion laughs"); front matter that uses
// them goes through the parser that counts them.
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,:-])[&*][^\s,\]}]/;

// gray-matter's own YAML engine turns `2019-13-45` into a Date in 2020 and its JavaScript
// engine runs `eval`. This engine reads YAML 1.2 core (dates stay strings, so we check them) and
// refuses duplicate keys and alias bombs. js-yaml is the fast path; `yaml` gives errors their
// exact position and limits aliases.
const engines = {
  yaml: {
    parse(source: string): ParsedYaml {
      if (!ANCHOR_OR_ALIAS.test(source)) {
        try {
          return { data: loadYaml(source, { schema: CORE_SCHEMA }), source };
        } catch {
          // Report it with the parser that knows positions, below.
        }
      }
      const document = parseDocument(source, { schema: 'core', uniqueKeys: true, prettyErrors: true });
      const first = document.errors[0];
      if (first) throw new YamlSyntaxError(first);
      try {
        return { data: document.toJS({ maxAliasCount: 50 }), source };
      } catch (cause) {
        // `yaml` refuses to expand aliases past the limit with a ReferenceError.
        if (cause instanceof ReferenceError && /alias/i.test(cause.message)) throw new AliasBombError();
        throw cause;
      }
    },
  },
  javascript: { parse: refuseLanguage },
  coffee: { parse: refuseLanguage },
  json: { parse: refuseLanguage },
  toml: { parse: refuseLanguage },
};

function refuseLanguage(): never {
  throw new UnsupportedLanguageError();
}

// gray-matter opens front matter on a first line of `---` (four dashes are a rule, not a fence)
// and, when nothing closes it, reads the whole story as front matter without a word. A fence is
// closed by a line of `---`, or of `...`, which ends a YAML document. A story may then use `---`
// as a rule between its parts: only the first such line closes the front matter.
const OPENING_FENCE = /^---(?!-)/;
const CLOSING_FENCE = /^(---|\.\.\.)[ \t]*\r?$/m;

/** The line that closes the front matter at the top of `text`; `unclosed` when none does, `none` when there is no front matter. */
function closingFence(text: string): '---' | '...' | 'unclosed' | 'none' {
  if (!OPENING_FENCE.test(text)) return 'none';
  const afterOpening = text.indexOf('\n');
  const closing = afterOpening === -1 ? null : CLOSING_FENCE.exec(text.slice(afterOpening + 1));
  return closing ? (closing[1] as '---' | '...') : 'unclosed';
}

export function readFrontMatter(text: string): FrontMatter | FrontMatterProblem {
  const fence = closingFence(text);
  if (fence === 'unclosed') {
    return {
      reason: 'the front matter opened on line 1 is never closed with `---`',
      place: { line: 1, column: 1 },
      ruleId: 'unclosed-front-matter',
      hint: 'end the front matter with a line of three dashes, `---`, before the story; a story that opens with a rule can write it as `***`',
    };
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Options must be passed: without them gray-matter caches, and a second parse of
    // broken YAML would return the cached empty result instead of failing.
    const delimiters = ['---', fence === '...' ? '...' : '---'];
    parsed = matter(text, { engines, delimiters } as unknown as Parameters<typeof matter>[1]);
  } catch (cause) {
    if (cause instanceof YamlSyntaxError) {
      const [start] = cause.yamlError.linePos ?? [];
      // The YAML source starts right after the opening `---`, on the file's first line.
      const place = start ? { line: start.line, column: start.line === 1 ? start.col + 3 : start.col } : undefined;
      return {
        reason: `front matter is not valid YAML: ${firstLine(cause.yamlError.message)}`,
        place,
        ruleId: 'yaml-syntax',
        hint: yamlHint(cause.yamlError),
      };
    }
    if (cause instanceof AliasBombError) {
      return {
        reason: 'front matter repeats YAML aliases (`*name`) too often to be read',
        place: { line: 2, column: 1 },
        ruleId: 'yaml-aliases',
        hint: 'write the values out instead of nesting `&anchor` and `*alias` references',
      };
    }
    if (cause instanceof UnsupportedLanguageError) {
      return {
        reason: 'front matter must be YAML',
        place: { line: 1, column: 1 },
        ruleId: 'front-matter-language',
        hint: 'start the file with a line of three dashes, `---`, and write the keys as YAML',
      };
    }
    throw cause;
  }

  const raw = parsed.data as Partial<ParsedYaml> | Record<string, never>;
  const source = 'source' in raw ? raw.source : undefined;
  const data = source === undefined ? {} : raw.data;
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    return {
      reason: 'front matter must be a list of `key: value` lines',
      place: { line: 2, column: 1 },
      ruleId: 'front-matter-shape',
      hint: 'write each field on its own line, like `title: Council approves budget`',
    };
  }
  const body = parsed.content;
  const head = text.slice(0, text.length - body.length);
  let document: Document | undefined;
  return {
    data: (data ?? {}) as Record<string, unknown>,
    body,
    bodyLineOffset: head === '' ? 0 : head.split('\n').length - 1,
    placeOf: (key, ...within) => {
      if (source === undefined) return undefined;
      document ??= parseDocument(source, { schema: 'core' });
      return placeOfKey(document, source, [key, ...within]);
    },
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

function yamlHint(problem: YAMLError): string {
  switch (problem.code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once; delete or rename the second one';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and that each line reads `key: value`';
    default:
      return 'put quotes around values that contain a colon, `#`, or start with a quote or bracket';
  }
}

function placeOfKey(document: Document, source: string, path: (string | number)[]): Place | undefined {
  let node: unknown = document.contents;
  let found: [number, number, number] | undefined;
  for (const step of path) {
    if (typeof step === 'number' && isSeq(node)) {
      node = node.items[step];
      if (!isNode(node)) break;
      found = node.range ?? found;
      continue;
    }
    if (typeof step !== 'string' || !isMap(node)) break;
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === step);
    if (!pair || !isScalar(pair.key) || !pair.key.range) break;
    found = pair.key.range;
    node = pair.value;
  }
  return found ? offsetToPlace(source, found[0]) : undefined;
}

// Offsets are into the YAML source, which starts three characters into the file's line 1.
function offsetToPlace(source: string, offset: number): Place {
  const { line, column } = placeOfOffset(source, offset);
  return { line, column: line === 1 ? column + 3 : column };
}
