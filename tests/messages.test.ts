import { readFileSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { report } from '../src/messages/diagnostics.js';
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
