import { RULES, type Rule } from './rules.js';

// The catalogue as a page of the docs (docs/RULES.md), made from the table so the two never drift.

const GROUPS: Record<Rule['about'], string> = { content: 'Content', template: 'Templates', config: 'Config' };

export function rulesMarkdown(): string {
  const lines = [
    '# Rules',
    '',
    'Every problem Broadsheet reports names its rule, as `[rule-id]` at the end of the line and as',
    '`ruleId` in `broadsheet check --format json`. An **error** stops the build and leaves the earlier',
    'site as it was; a **warning** is shown and the build goes on; an **info** is shown only by',
    '`broadsheet check --strict`, which fails on warnings and infos too. This page is made from',
    '`src/messages/rules.ts` (`npm run rules-doc`).',
  ];
  for (const [about, heading] of Object.entries(GROUPS)) {
    lines.push('', `## ${heading}`, '', '| rule | severity | what it means | how to fix it |', '| --- | --- | --- | --- |');
    for (const [id, rule] of Object.entries(RULES) as [string, Rule][]) {
      if (rule.about !== about) continue;
      lines.push(`| \`${id}\` | ${rule.severity} | ${rule.title} | ${rule.hint.replace(/\|/g, '\\|')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
