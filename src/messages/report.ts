import pc from 'picocolors';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { RULES } from './rules.js';

// Messages → the lines a person (or an editor's problem matcher) reads:
//   content/story.md:7:10: error: `date` is not a real date: "2019-13-45" [invalid-date]
//     hint: write the date as YYYY-MM-DD …

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  file: string;
  line: number | null;
  column: number | null;
  severity: Severity;
  message: string;
  ruleId: string | null;
  hint: string | null;
}

export const EXIT_OK = 0;
export const EXIT_CONTENT = 1;
export const EXIT_USAGE = 2;

function severityOf(message: VFileMessage): Severity {
  return message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info';
}

/** Every message of every file, in file order then position order. Infos only when `strict`. */
export function collectDiagnostics(files: VFile[], strict: boolean): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const ordered = [...files].sort((a, b) => (String(a.path) < String(b.path) ? -1 : String(a.path) > String(b.path) ? 1 : 0));
  for (const file of ordered) {
    const messages = [...file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    for (const message of messages) {
      let severity = severityOf(message);
      if (severity === 'info') {
        if (!strict) continue;
        severity = 'warning';
      }
      diagnostics.push({
        file: String(file.path),
        line: message.line ?? null,
        column: message.column ?? null,
        severity,
        message: message.reason,
        ruleId: message.ruleId ?? null,
        hint: message.note ?? null,
      });
    }
  }
  return diagnostics;
}

/** `file:line:column`, or the file alone for a message about the whole file. */
function whereOf(diagnostic: Diagnostic): string {
  return diagnostic.line === null ? diagnostic.file : `${diagnostic.file}:${diagnostic.line}:${diagnostic.column ?? 1}`;
}

export function formatDiagnostic(diagnostic: Diagnostic, colors = false): string {
  const c = pc.createColors(colors);
  const where = whereOf(diagnostic);
  const label = diagnostic.severity === 'error' ? c.red(c.bold('error')) : c.yellow(c.bold('warning'));
  const rule = diagnostic.ruleId ? ` ${c.dim(`[${diagnostic.ruleId}]`)}` : '';
  const hint = diagnostic.hint ? `\n  ${c.cyan('hint:')} ${diagnostic.hint}` : '';
  return `${c.bold(where)}: ${label}: ${diagnostic.message}${rule}${hint}`;
}

// A long report is grouped by rule, so that hundreds of warnings from an archive of wire copy
// still fit a screen and the rules behind them can be read at a glance:
//   300 warnings [invalid-lang]: The language is not a BCP 47 tag
//     content/sport/story-0001.md:6:1: `lang` is not a language tag: "english"; using "en"
//     … and 299 more

/** A report of more lines than this is grouped by rule; one of this many or fewer is printed in full. */
export const FULL_REPORT_LINES = 20;
/** The lines a grouped report fills at most, so that with the lines around it it fits a screen. */
export const GROUPED_REPORT_LINES = 30;
/** The places shown under a rule at most: enough to find the pattern, few enough to see every rule. */
export const PLACES_PER_RULE = 3;

export interface RuleGroup {
  ruleId: string | null;
  severity: Severity;
  /** The rule's title in the catalogue; the first message when the rule is not in it. */
  title: string;
  /** In report order: file, then line and column. */
  diagnostics: Diagnostic[];
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const CATALOGUE_ORDER = new Map(Object.keys(RULES).map((id, index) => [id, index]));

function titleOf(diagnostic: Diagnostic): string {
  const rule = diagnostic.ruleId === null ? undefined : (RULES as Record<string, { title: string }>)[diagnostic.ruleId];
  return rule?.title ?? diagnostic.message;
}

/** The messages by rule: errors, then warnings, then notes; the commonest rule first within each. */
export function groupByRule(diagnostics: Diagnostic[]): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  for (const diagnostic of diagnostics) {
    const key = `${diagnostic.severity} ${diagnostic.ruleId ?? ''}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ruleId: diagnostic.ruleId, severity: diagnostic.severity, title: titleOf(diagnostic), diagnostics: [] }));
    group.diagnostics.push(diagnostic);
  }
  const order = (group: RuleGroup) => (group.ruleId === null ? Infinity : (CATALOGUE_ORDER.get(group.ruleId) ?? Infinity));
  return [...groups.values()].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.diagnostics.length - a.diagnostics.length || order(a) - order(b),
  );
}

/** A count as a person writes it: 2,225. */
function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A group's lines with `places` shown: its heading, the places, and a line for the rest. */
function linesOfGroup(size: number, places: number): number {
  return 1 + places + (places > 0 && size > places ? 1 : 0);
}

/**
 * How many places each group shows within `budget` lines: every group one, then a second, then
 * a third, while the lines last. Earlier groups (errors, the commonest) are served first, so when
 * the lines run out it is the rarer warnings that show fewer.
 */
function placesFor(groups: RuleGroup[], budget: number): number[] {
  const places = groups.map(() => 0);
  let used = groups.length;
  for (let round = 1; round <= PLACES_PER_RULE; round++) {
    groups.forEach((group, index) => {
      const size = group.diagnostics.length;
      if (places[index] !== round - 1 || size < round) return;
      const cost = linesOfGroup(size, round) - linesOfGroup(size, round - 1);
      if (used + cost > budget) return;
      used += cost;
      places[index] = round;
    });
  }
  return places;
}

function severityLabel(severity: Severity, size: number, c: ReturnType<typeof pc.createColors>): string {
  const word = { error: 'error', warning: 'warning', info: 'note' }[severity] + (size === 1 ? '' : 's');
  return severity === 'error' ? c.red(c.bold(word)) : severity === 'warning' ? c.yellow(c.bold(word)) : c.bold(word);
}

/** The report grouped by rule, in `budget` lines at most however many messages there are. */
export function formatGrouped(diagnostics: Diagnostic[], colors = false, budget = GROUPED_REPORT_LINES): string[] {
  const c = pc.createColors(colors);
  let groups = groupByRule(diagnostics);
  let rest: RuleGroup[] = [];
  // More rules than lines: a heading each for as many as fit, and one line for the others.
  if (groups.length > budget) [groups, rest] = [groups.slice(0, budget - 1), groups.slice(budget - 1)];
  const places = placesFor(groups, budget - (rest.length > 0 ? 1 : 0));
  const lines: string[] = [];
  groups.forEach((group, index) => {
    const size = group.diagnostics.length;
    const shown = places[index] ?? 0;
    const rule = group.ruleId ? ` ${c.dim(`[${group.ruleId}]`)}` : '';
    lines.push(`${count(size)} ${severityLabel(group.severity, size, c)}${rule}: ${group.title}`);
    // One line a place, whatever the message holds, so the count of lines stays the bound.
    for (const diagnostic of group.diagnostics.slice(0, shown)) lines.push(`  ${c.bold(whereOf(diagnostic))}: ${diagnostic.message.replace(/\s*\n\s*/g, ' ').trim()}`);
    if (shown > 0 && size > shown) lines.push(c.dim(`  … and ${count(size - shown)} more`));
  });
  if (rest.length > 0) {
    const messages = rest.reduce((sum, group) => sum + group.diagnostics.length, 0);
    lines.push(c.dim(`… and ${count(rest.length)} more rules, with ${count(messages)} ${messages === 1 ? 'message' : 'messages'}`));
  }
  return lines;
}

/**
 * The lines of a report: every message in full when they fit in {@link FULL_REPORT_LINES} lines,
 * or in no more than grouping would take (a few messages of as many rules), or when `full` asks
 * for all; else grouped by rule. `grouped` says which, so the caller can say how to see the rest.
 */
export function formatReport(diagnostics: Diagnostic[], options: { colors?: boolean; full?: boolean } = {}): { lines: string[]; grouped: boolean } {
  const colors = Boolean(options.colors);
  const inFull = () => diagnostics.flatMap((diagnostic) => formatDiagnostic(diagnostic, colors).split('\n'));
  if (options.full) return { lines: inFull(), grouped: false };
  const grouped = formatGrouped(diagnostics, colors);
  // A grouped report is followed by a line saying how to see the rest.
  const fits = Math.max(FULL_REPORT_LINES, grouped.length + 1);
  // Every message takes a line at least, so 3,000 are not formatted only to be counted.
  const lines = diagnostics.length <= fits ? inFull() : null;
  return lines && lines.length <= fits ? { lines, grouped: false } : { lines: grouped, grouped: true };
}

export function summarise(diagnostics: Diagnostic[]): { errors: number; warnings: number } {
  return {
    errors: diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length,
    warnings: diagnostics.filter((diagnostic) => diagnostic.severity === 'warning').length,
  };
}

/** 1 when there are errors, or warnings under `--strict`; else 0. */
export function exitCodeFor(diagnostics: Diagnostic[], strict: boolean): number {
  const { errors, warnings } = summarise(diagnostics);
  return errors > 0 || (strict && warnings > 0) ? EXIT_CONTENT : EXIT_OK;
}
