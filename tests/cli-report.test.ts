import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/messages/report.js';
import { RULES, type RuleId } from '../src/messages/rules.js';
import { buildSite, md, project, runCli, type CliResult } from './helpers.js';

// An archive of wire copy gives hundreds of warnings. The terminal must still show them in a
// screen: each rule once, with its count and first places, and the way to see every one.

/** About a screen: the lines a report may take, closing summary and notes included. */
const SCREEN = 40;

type Counts = Partial<Record<RuleId, number>>;

/**
 * 300 Markdown stories in four desk folders with 3,270 warnings from 10 rules, each rule on a
 * share of the files (or several times in one) so that no two counts are alike; and the count of
 * each rule, as the stories were written.
 */
function noisyArchive(): { files: Record<string, string | Uint8Array>; counts: Counts } {
  const files: Record<string, string | Uint8Array> = {};
  const counts: Counts = {};
  const add = (rule: RuleId, times = 1) => void (counts[rule] = (counts[rule] ?? 0) + times);
  const desks = ['sport', 'business', 'world', 'city'];
  for (let i = 0; i < 300; i++) {
    const front: string[] = [`title: Story ${i}`, 'headline: The same story', 'date: 2026-11-20'];
    add('duplicate-key');
    if (i % 2 === 0) (front.push('updated: 2026-11-01'), add('date-order'));
    if (i % 3 === 0) (front.push('lang: english please'), add('invalid-lang'));
    if (i % 4 === 0) (front.push(`slug: "Story ${i}"`), add('slug-normalised'));
    if (i % 5 === 0) (front.push('aliases: ["../old"]'), add('invalid-alias'));
    const body = ['<script>one()</script>', '<script>two()</script>', '<script>three()</script>', '<script>four()</script>', '<marquee>a</marquee>', '<marquee>b</marquee>', '<marquee>c</marquee>'];
    add('unsafe-html', 4);
    add('unsupported-html', 3);
    if (i % 4 !== 0) (body.push('[bad](javascript:alert(1))'), add('unsafe-url'));
    if (i % 10 < 7) (body.push(`[gone](./gone-${i}.md)`), add('link-not-found'));
    const name = `${desks[i % 4]}/2026-11-20-story-${String(i).padStart(4, '0')}.md`;
    const text = md(front.join('\n'), body.join('\n\n'));
    if (i % 6 === 0) {
      // A byte that is not UTF-8: the file is read as Windows-1252, and says so.
      files[name] = Buffer.concat([Buffer.from(text), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])]);
      add('windows-1252');
    } else {
      files[name] = text;
    }
  }
  return { files, counts };
}

function linesOf(result: CliResult): string[] {
  return result.stderr.trimEnd().split('\n');
}

/** The heading a grouped report gives a rule. */
function heading(rule: RuleId, count: number): string {
  const word = RULES[rule].severity === 'error' ? 'error' : 'warning';
  return `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'} [${rule}]: ${RULES[rule].title}`;
}

/** A message as the full report prints its first line. */
function fullLine(diagnostic: Diagnostic): string {
  return `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.severity}: ${diagnostic.message} [${diagnostic.ruleId}]`;
}

/** Every message, as `check --format json` gives it. */
function everyMessage(cwd: string): Diagnostic[] {
  const json = runCli(['check', '--format', 'json'], { cwd });
  return (JSON.parse(json.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
}

/** Where the headings of a grouped report are. */
function headings(lines: string[]): number[] {
  return lines.flatMap((line, index) => (/^\d[\d,]* (?:error|warning)s? \[[a-z0-9-]+\]: /.test(line) ? [index] : []));
}

/**
 * Asserts that the report in `lines` shows `rule` grouped: its heading with `count`, then its
 * first places in the order `all` lists them, then how many more; returns where the heading is.
 */
function expectGroup(lines: string[], rule: RuleId, count: number, all: Diagnostic[]): number {
  const at = lines.indexOf(heading(rule, count));
  expect(at, `no heading for ${rule} in:\n${lines.join('\n')}`).toBeGreaterThanOrEqual(0);
  const places = all.filter((diagnostic) => diagnostic.ruleId === rule);
  let shown = 0;
  while (lines[at + 1 + shown]?.startsWith('  ') && !lines[at + 1 + shown]!.startsWith('  … ')) {
    const place = places[shown]!;
    expect(lines[at + 1 + shown]).toBe(`  ${place.file}:${place.line}:${place.column}: ${place.message}`);
    shown++;
  }
  expect(shown).toBeGreaterThanOrEqual(1);
  expect(shown).toBeLessThanOrEqual(3);
  expect(lines[at + 1 + shown]).toBe(`  … and ${(count - shown).toLocaleString('en-US')} more`);
  return at;
}

describe('the report of a build with thousands of warnings', () => {
  const { files, counts } = noisyArchive();
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  let cwd: string;
  let all: Diagnostic[];
  let plain: CliResult;

  beforeAll(() => {
    cwd = project(files);
    all = everyMessage(cwd);
    plain = buildSite(cwd, { args: ['--no-search'] }).result;
  });

  it('should fit a screen: each rule once, with its count, title and first places, and how to see them all', () => {
    // The archive: over 3,000 warnings from 10 rules, no two alike in count.
    expect(Object.keys(counts)).toHaveLength(10);
    expect(total).toBeGreaterThan(3000);
    expect(new Set(Object.values(counts)).size).toBe(10);
    const result = plain;
    expect(result.code).toBe(0);
    const lines = linesOf(result);
    expect(lines.length).toBeLessThanOrEqual(SCREEN);
    // eslint-disable-next-line no-control-regex
    expect(result.stderr).not.toMatch(/\u001b\[/);
    const order = (Object.entries(counts) as [RuleId, number][]).map(([rule, count]) => [rule, expectGroup(lines, rule, count, all)] as const);
    // The commonest rule first.
    const byPosition = [...order].sort((a, b) => a[1] - b[1]).map(([rule]) => counts[rule]!);
    expect(byPosition).toEqual([...byPosition].sort((a, b) => b - a));
    expect(headings(lines)).toHaveLength(10);
    expect(result.stderr).toContain(`${total.toLocaleString('en-US')} messages, grouped by rule; to see every one, add --verbose or run \`broadsheet check --format json\`.`);
    expect(lines.at(-1)).toMatch(new RegExp(`^Built 300 articles, .*, ${total} warnings\\)\\.$`));
  });

  it('should print every message in full, with its hint, with --verbose, where the plain report shows a few', () => {
    expect(all.filter((diagnostic) => plain.stderr.includes(fullLine(diagnostic)))).toEqual([]);
    const verbose = runCli(['build', '--out', 'verbose', '--no-search', '--verbose'], { cwd });
    expect(verbose.code).toBe(0);
    const lines = new Set(linesOf(verbose));
    expect(all).toHaveLength(total);
    for (const diagnostic of all) expect(lines.has(fullLine(diagnostic)), fullLine(diagnostic)).toBe(true);
    expect(linesOf(verbose).filter((line) => line.startsWith('  hint: '))).toHaveLength(total);
    expect(verbose.stderr).not.toContain('grouped by rule');
  });

  it('should give every message in check --format json, while the text of check fits a screen', () => {
    const tally: Counts = {};
    for (const diagnostic of all) tally[diagnostic.ruleId as RuleId] = (tally[diagnostic.ruleId as RuleId] ?? 0) + 1;
    expect(tally).toEqual(counts);
    expect(all.every((diagnostic) => diagnostic.severity === 'warning' && diagnostic.line !== null && diagnostic.hint !== null)).toBe(true);
    const text = runCli(['check'], { cwd });
    expect(text.code).toBe(0);
    const lines = linesOf(text);
    expect(lines.length).toBeLessThanOrEqual(SCREEN);
    for (const [rule, count] of Object.entries(counts) as [RuleId, number][]) expectGroup(lines, rule, count, all);
    expect(lines.at(-1)).toBe(`✓ 300 articles checked: 0 errors, ${total} warnings.`);
  });

  it('should put errors before warnings, and print only the errors, grouped, with --quiet', () => {
    const broken: Record<string, string | Uint8Array> = { ...files };
    for (let i = 0; i < 25; i++) broken[`city/bad-date-${String(i).padStart(2, '0')}.md`] = md('title: Bad date\ndate: 2026-13-45');
    for (let i = 0; i < 5; i++) broken[`city/no-headline-${i}.md`] = md('date: 2026-11-20');
    const dir = project(broken);
    const everything = everyMessage(dir);
    const errors = everything.filter((diagnostic) => diagnostic.severity === 'error');
    expect(new Set(errors.map((diagnostic) => diagnostic.ruleId))).toEqual(new Set(['invalid-date', 'no-headline']));

    const { result } = buildSite(dir, { args: ['--no-search'] });
    expect(result.code).toBe(1);
    const lines = linesOf(result);
    expect(lines.length).toBeLessThanOrEqual(SCREEN);
    const [first, second, third] = headings(lines);
    expect(expectGroup(lines, 'invalid-date', 25, everything)).toBe(first);
    expect(expectGroup(lines, 'no-headline', 5, everything)).toBe(second);
    expect(lines[third!]).toMatch(/ warnings \[/);
    expect(lines.at(-1)).toBe(`30 errors: nothing was written; out is as it was.`);

    const quiet = buildSite(dir, { args: ['--no-search', '--quiet'] }).result;
    expect(quiet.code).toBe(1);
    const quietLines = linesOf(quiet);
    expect(quietLines.length).toBeLessThanOrEqual(SCREEN);
    expectGroup(quietLines, 'invalid-date', 25, everything);
    expectGroup(quietLines, 'no-headline', 5, everything);
    expect(quiet.stderr).not.toMatch(/warning/);
    expect(quiet.stderr).toContain('30 messages, grouped by rule;');
  });
});
