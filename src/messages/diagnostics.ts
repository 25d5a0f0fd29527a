import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { RULES, type RuleId } from './rules.js';

// Every content problem is a message on its file, with a place, a rule id and a hint
// that says how to fix it. Errors are collected, never thrown, so one run reports them all.

export type Place = { line: number; column: number } | { start: { line: number; column: number }; end: { line: number; column: number } };

export interface Problem {
  place?: Place | undefined;
  ruleId: RuleId;
  hint?: string | undefined;
}

/** The 1-based line and column of a character offset in a text. */
export function placeOfOffset(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/**
 * Where a key is written in a JSON text: each key of its path looked for after the one before,
 * so `publisher.url` is not taken for an author's `url` above it. Null when it is not written.
 */
export function placeOfJsonKey(text: string, keyPath: string[]): { line: number; column: number } | null {
  let found = -1;
  for (const key of keyPath) {
    if (/^\d+$/.test(key)) continue;
    const index = text.indexOf(JSON.stringify(key), found + 1);
    if (index === -1) break;
    found = index;
  }
  return found === -1 ? null : placeOfOffset(text, found);
}

/**
 * Puts a problem on its file, as an error, a warning or an info by what the catalogue says of its
 * rule. Errors are collected, never thrown, so one run reports them all.
 */
export function report(file: VFile, reason: string, problem: Problem): VFileMessage {
  const message = file.message(reason, { place: problem.place ?? null, ruleId: problem.ruleId, source: 'broadsheet' });
  const { severity } = RULES[problem.ruleId];
  // VFile's own encoding: true is an error, false a warning, null advice for `check --strict`.
  message.fatal = severity === 'error' ? true : severity === 'warning' ? false : null;
  if (problem.hint) message.note = problem.hint;
  return message;
}

export function hasErrors(file: VFile): boolean {
  return file.messages.some((message) => message.fatal === true);
}
