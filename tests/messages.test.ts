import { readFileSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { report } from '../src/messages/diagnostics.js';
import { formatDiagnostic, formatGrouped, formatReport, GROUPED_REPORT_LINES, type Diagnostic } from '../src/messages/report.js';
import { rulesMarkdown } from '../src/messages/doc.js';
import { RULES, type RuleId } from '../src/messages/rules.js';
import { ROOT } from './helpers.js';

describe('the catalogue of rules', () => {
  it('should give every rule a severity, a title and a hint', () => {
    for (const [id, rule] of Object.entries(RULES)) {
      expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(['error', 'warning', 'info']).toContain(rule.severity);
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.hint.length).toBeGreaterThan(10);
    }
  });

  it('should put a problem on its file with the severity the catalogue gives its rule', () => {
    const file = new VFile({ path: 'content/a.md' });
    const severities = (['no-headline', 'date-order', 'missing-dek'] as RuleId[]).map((ruleId) => report(file, 'x', { ruleId, place: { line: 2, column: 3 } }).fatal);
    expect(severities).toEqual([true, false, null]);
    expect(file.messages.map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.source}`)).toEqual(['2:3 no-headline broadsheet', '2:3 date-order broadsheet', '2:3 missing-dek broadsheet']);
  });

  it('should be rendered into docs/RULES.md as it is now (npm run rules-doc)', () => {
    expect(readFileSync(path.join(ROOT, 'docs', 'RULES.md'), 'utf8')).toBe(rulesMarkdown());
  });

  it('should name in the catalogue every rule id the source uses', () => {
    // Type checking holds report() to the catalogue; this catches ids written elsewhere, such as a usage error's.
    const used = new Set<string>();
    const sources = readFileSync(path.join(ROOT, 'docs', 'RULES.md'), 'utf8');
    for (const id of Object.keys(RULES)) expect(sources).toContain(`\`${id}\``);
    for (const file of ['src/project/config-schema.ts', 'src/render/templates.ts']) {
      for (const [, id] of readFileSync(path.join(ROOT, file), 'utf8').matchAll(/'((?:config|template)-[a-z-]+)'/g)) used.add(id!);
    }
    expect([...used].filter((id) => !(id in RULES))).toEqual([]);
    expect(used.size).toBeGreaterThanOrEqual(5);
  });
});

describe('the printed report', () => {
  const ids = Object.keys(RULES) as RuleId[];
  /** `count` messages of `ruleId`, each with a hint, in files one after the other. */
  function messages(ruleId: RuleId, count: number, severity: Diagnostic['severity'] = RULES[ruleId].severity === 'error' ? 'error' : 'warning'): Diagnostic[] {
    return Array.from({ length: count }, (_, index) => ({ file: `content/${ruleId}-${index}.md`, line: index + 1, column: 2, severity, message: `${ruleId} number ${index}`, ruleId, hint: 'fix it' }));
  }

  it('should print a few messages in full, as before, and no more than 20 lines so', () => {
    const few = messages('invalid-lang', 10);
    expect(formatReport(few)).toEqual({ lines: few.flatMap((diagnostic) => formatDiagnostic(diagnostic).split('\n')), grouped: false });
    expect(formatReport(messages('invalid-lang', 11)).grouped).toBe(true);
    expect(formatReport(messages('invalid-lang', 11), { full: true }).lines).toHaveLength(22);
  });

  it('should print in full what grouping would make no shorter: one message each of a few rules', () => {
    const spread = ids.slice(0, 12).flatMap((id) => messages(id, 1));
    const { lines, grouped } = formatReport(spread);
    expect(grouped).toBe(false);
    expect(lines).toHaveLength(24);
  });

  it('should keep to its lines however many rules and messages, and count every one', () => {
    for (const rules of [1, 3, 10, 14, 29, 30, 31, ids.length]) {
      const all = ids.slice(0, rules).flatMap((id, index) => messages(id, 100 + index));
      const lines = formatGrouped(all);
      expect(lines.length, `${rules} rules`).toBeLessThanOrEqual(GROUPED_REPORT_LINES);
      const counted = lines.reduce((sum, line) => sum + Number(/^(\d[\d,]*) (?:errors|warnings) \[/.exec(line)?.[1]?.replace(',', '') ?? 0), 0);
      const rest = /^… and (\d+) more rules, with ([\d,]+) messages$/.exec(lines.at(-1)!);
      expect(counted + Number(rest?.[2]?.replace(',', '') ?? 0), `${rules} rules`).toBe(all.length);
      expect(lines.filter((line) => /^\d/.test(line)).length + Number(rest?.[1] ?? 0)).toBe(rules);
    }
  });

  it('should show each rule its title and first three places when there is room, and how many more', () => {
    const lines = formatGrouped(messages('unsafe-url', 2_500));
    expect(lines).toEqual([
      `2,500 warnings [unsafe-url]: ${RULES['unsafe-url'].title}`,
      '  content/unsafe-url-0.md:1:2: unsafe-url number 0',
      '  content/unsafe-url-1.md:2:2: unsafe-url number 1',
      '  content/unsafe-url-2.md:3:2: unsafe-url number 2',
      '  … and 2,497 more',
    ]);
  });

  it('should put errors first, then warnings, then notes, the commonest rule first in each', () => {
    const all = [...messages('invalid-lang', 5), ...messages('missing-dek', 40, 'info'), ...messages('unsafe-url', 50), ...messages('invalid-date', 2), ...messages('no-headline', 3)];
    const headings = formatGrouped(all).filter((line) => /^\d/.test(line));
    expect(headings).toEqual([
      `3 errors [no-headline]: ${RULES['no-headline'].title}`,
      `2 errors [invalid-date]: ${RULES['invalid-date'].title}`,
      `50 warnings [unsafe-url]: ${RULES['unsafe-url'].title}`,
      `5 warnings [invalid-lang]: ${RULES['invalid-lang'].title}`,
      `40 notes [missing-dek]: ${RULES['missing-dek'].title}`,
    ]);
  });

  it('should keep one line a place, whatever a message holds', () => {
    const all = messages('yaml-syntax', 30).map((diagnostic) => ({ ...diagnostic, message: 'bad YAML:\n  at line 2\n' }));
    const lines = formatGrouped(all);
    expect(lines[1]).toBe('  content/yaml-syntax-0.md:1:2: bad YAML: at line 2');
    expect(lines).toHaveLength(5);
  });

  it('should colour a grouped report only when asked', () => {
    // eslint-disable-next-line no-control-regex
    const escapes = /\u001b\[/;
    expect(formatGrouped(messages('unsafe-url', 30)).join('\n')).not.toMatch(escapes);
    expect(formatGrouped(messages('unsafe-url', 30), true).join('\n')).toMatch(escapes);
  });
});
