import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

// Every content problem is a message on its file, with a place, a rule id and a hint
// that says how to fix it. Errors are collected, never thrown, so one run reports them all.

export type Place = { line: number; column: number } | { start: { line: number; column: number }; end: { line: number; column: number } };

export interface Problem {
  place?: Place | undefined;
  ruleId: string;
  hint?: string | undefined;
}

/** The 1-based line and column of a character offset in a text. */
export function placeOfOffset(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

function add(file: VFile, reason: string, problem: Problem, fatal: boolean): VFileMessage {
  const message = file.message(reason, { place: problem.place ?? null, ruleId: problem.ruleId, source: 'broadsheet' });
  message.fatal = fatal;
  if (problem.hint) message.note = problem.hint;
  return message;
}

export function error(file: VFile, reason: string, problem: Problem): VFileMessage {
  return add(file, reason, problem, true);
}

export function warning(file: VFile, reason: string, problem: Problem): VFileMessage {
  return add(file, reason, problem, false);
}

/** Advice shown only by `check --strict`: an unknown key, a missing dek, an image without alt. */
export function info(file: VFile, reason: string, problem: Problem): VFileMessage {
  const message = add(file, reason, problem, false);
  message.fatal = null;
  return message;
}

export function hasErrors(file: VFile): boolean {
  return file.messages.some((message) => message.fatal === true);
}
