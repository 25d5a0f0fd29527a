import type { RuleId } from './rules.js';

// Mistakes in how Broadsheet was called or configured: one line for the user, never a stack.
// Content mistakes are not these; they are messages on the file (see diagnostics.ts).

export interface FilePlace {
  file: string;
  line?: number;
  column?: number;
}

export class UsageError extends Error {
  readonly hint: string | undefined;
  /** The file (and line and column) the mistake is in, when it is in one: a config file, say. */
  readonly where: FilePlace | undefined;
  /** More mistakes found in the same pass (every bad key of a config file), reported with this one. */
  readonly others: UsageError[] = [];
  readonly ruleId: RuleId | undefined;
  constructor(message: string, hint?: string, where?: FilePlace, ruleId?: RuleId) {
    super(message);
    this.name = 'UsageError';
    this.hint = hint;
    this.where = where;
    this.ruleId = ruleId;
  }

  /** As printed: `file:line:column: error: message [rule]`, or `error: message`. */
  get line(): string {
    const text = `error: ${this.message}${this.ruleId ? ` [${this.ruleId}]` : ''}`;
    if (!this.where) return text;
    const { file, line, column } = this.where;
    return `${file}${line === undefined ? '' : `:${line}:${column ?? 1}`}: ${text}`;
  }
}
