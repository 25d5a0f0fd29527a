import pc from 'picocolors';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

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

export function formatDiagnostic(diagnostic: Diagnostic, colors = false): string {
  const c = pc.createColors(colors);
  const where = diagnostic.line === null ? diagnostic.file : `${diagnostic.file}:${diagnostic.line}:${diagnostic.column ?? 1}`;
  const label = diagnostic.severity === 'error' ? c.red(c.bold('error')) : c.yellow(c.bold('warning'));
  const rule = diagnostic.ruleId ? ` ${c.dim(`[${diagnostic.ruleId}]`)}` : '';
  const hint = diagnostic.hint ? `\n  ${c.cyan('hint:')} ${diagnostic.hint}` : '';
  return `${c.bold(where)}: ${label}: ${diagnostic.message}${rule}${hint}`;
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
