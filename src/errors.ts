// Mistakes in how Broadsheet was called or configured: one line for the user, never a stack.
// Content mistakes are not these; they are messages on the file (see diagnostics.ts).

export class UsageError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'UsageError';
    this.hint = hint;
  }
}
