import type { Command } from 'commander';
import pc from 'picocolors';
import type { BuildIO } from '../build/index.js';
import type { UsageError } from '../messages/errors.js';
import type { Run } from '../project/index.js';
import { collectDiagnostics, formatReport, summarise, type Diagnostic } from '../messages/report.js';

// What the command line needs of the world, given to `main` so tests can hand it their own, and
// what it says through it: messages, progress and the closing summary.

export interface Stream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
}

export interface CliIO {
  stdout: Stream;
  stderr: Stream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The wall clock; SOURCE_DATE_EPOCH in `env` overrides it for a build. */
  now(): Date;
  /** Calls `handler` on Ctrl-C or SIGTERM until the returned function is called. */
  onSignal(handler: (signal: string) => void): () => void;
  /** Peak memory so far, in bytes, for `--verbose`. */
  peakMemory(): number;
  /** Ends the process at once: a second Ctrl-C. */
  exit(code: number): void;
}

/** The real process: its streams, environment, clock, signals and exit. */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    onSignal(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
    peakMemory: () => process.resourceUsage().maxRSS * 1024,
    exit: (code) => process.exit(code),
  };
}

export interface Terminal {
  io: CliIO;
  colors: boolean;
  c: ReturnType<typeof pc.createColors>;
  say(text: string): void;
}

export function terminal(io: CliIO): Terminal {
  const colors = pc.isColorSupported && Boolean(io.stderr.isTTY) && !io.env['NO_COLOR'];
  return { io, colors, c: pc.createColors(colors), say: (text) => void io.stderr.write(`${text}\n`) };
}

export function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

/** A usage or config mistake (and those found with it) as diagnostics, for JSON output and the dev overlay. */
export function usageDiagnostics(cause: UsageError): Diagnostic[] {
  return [cause, ...cause.others].map((problem) => {
    const { file = 'broadsheet', line = null, column = null } = problem.where ?? {};
    return { file, line, column, severity: 'error', message: problem.message, ruleId: problem.ruleId ?? null, hint: problem.hint ?? null };
  });
}

export function sayUsageError(out: Terminal, cause: UsageError): void {
  for (const problem of [cause, ...cause.others]) {
    out.say(problem.line.replace(/(^|: )error:/, (label) => out.c.red(label)));
    if (problem.hint) out.say(`  ${out.c.cyan('hint:')} ${problem.hint}`);
  }
}

/**
 * Progress for builds that take more than about a second: a bar on a terminal, a plain line
 * per phase elsewhere (CI logs, pipes), nothing with --quiet.
 */
export function progressReporter(out: Terminal, quiet: boolean): { update: NonNullable<BuildIO['progress']>; done(): void } {
  const started = performance.now();
  const tty = Boolean(out.io.stderr.isTTY);
  let shown = false;
  let lastPhase = '';
  let lastDraw = 0;
  const labels: Record<string, string> = { parse: 'Parsing', render: 'Rendering' };
  return {
    update(phase, done, total) {
      if (quiet || performance.now() - started < 1000) return;
      const label = labels[phase] ?? phase;
      if (!tty) {
        if (phase !== lastPhase) out.say(`${label} ${plural(total, phase === 'parse' ? 'article' : 'file')}…`);
        lastPhase = phase;
        return;
      }
      const now = performance.now();
      if (now - lastDraw < 80 && done !== total) return;
      lastDraw = now;
      const width = 28;
      const filled = Math.round((done / Math.max(total, 1)) * width);
      out.io.stderr.write(`\r${out.c.dim(label.padEnd(10))}[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}  `);
      shown = true;
    },
    done() {
      if (shown) out.io.stderr.write('\r\u001b[2K');
    },
  };
}

/**
 * Prints the messages: each in full when there are few (or with --verbose), else grouped by rule
 * so that an archive's hundreds of warnings fit a screen, followed by how to see every one.
 * `quiet` prints errors only; the counts returned are of all of them.
 */
export function printDiagnostics(out: Terminal, diagnostics: Diagnostic[], flags: { quiet?: boolean | undefined; verbose?: boolean | undefined }): { errors: number; warnings: number } {
  const shown = flags.quiet ? diagnostics.filter((diagnostic) => diagnostic.severity === 'error') : diagnostics;
  const { lines, grouped } = formatReport(shown, { colors: out.colors, full: Boolean(flags.verbose) });
  for (const line of lines) out.say(line);
  if (grouped) {
    const total = shown.length.toLocaleString('en-US');
    out.say(out.c.dim(`${total} messages, grouped by rule; to see every one, add --verbose or run \`broadsheet check --format json\`.`));
  }
  return summarise(diagnostics);
}

/** Prints what a build says and its closing summary; returns its errors. */
export function reportRun(out: Terminal, outcome: Run, outDir: string, flags: { quiet?: boolean; verbose?: boolean }): { errors: number; diagnostics: Diagnostic[] } {
  const { c, say } = out;
  const quiet = Boolean(flags.quiet);
  const { result, upToDate } = outcome;
  const diagnostics = upToDate ? upToDate.diagnostics : collectDiagnostics(result.files, false);
  const { errors, warnings } = printDiagnostics(out, diagnostics, flags);
  const warned = warnings > 0 ? `, ${plural(warnings, 'warning')}` : '';
  if (errors > 0 || (!upToDate && !result.stats)) {
    say(c.red(`${plural(errors, 'error')}: nothing was written; ${outDir} is as it was.`));
    return { errors: Math.max(errors, 1), diagnostics };
  }
  if (quiet) return { errors: 0, diagnostics };
  const notices = [...result.notices];
  if (flags.verbose && !upToDate) {
    const { reused, discarded, verified } = result.cacheChecks;
    notices.push(
      `timings: ${outcome.timings.join(', ')}`,
      `peak memory: ${(out.io.peakMemory() / 1024 / 1024).toFixed(0)} MB`,
      `cache: ${plural(reused, 'article')} reused, ${discarded} discarded (changed or gone); ${plural(verified, 'body', 'bodies')} read from the pack, each matching its hash`,
      ...result.details,
    );
  }
  if (flags.verbose || !upToDate) for (const notice of notices) say(c.dim(`note: ${notice}`));
  const time = `${outcome.seconds.toFixed(2)} s`;
  if (upToDate) {
    const { summary } = upToDate;
    say(
      `${c.green('Up to date:')} ${plural(summary.articles, 'article')}, ${plural(summary.pages, 'page')} and ${plural(summary.feeds, 'feed')} in ${outDir}/ ` +
        `(checked in ${time}: 0 written, ${summary.outputs} unchanged, 0 removed${warned}).`,
    );
  } else {
    const stats = result.stats!;
    // What became of the files that are not pages of their own, so the count adds up.
    const others = [
      stats.merged > 0 ? `${stats.merged} ${stats.merged === 1 ? 'copy' : 'copies'} of stories filed twice merged` : '',
      stats.suffixed > 0 ? `${stats.suffixed} given a URL suffix` : '',
      stats.versions > 0 ? `${stats.versions} earlier ${stats.versions === 1 ? 'version' : 'versions'} of agency stories replaced` : '',
      stats.heldBack > 0 ? `${stats.heldBack} held back` : '',
      stats.withdrawn > 0 ? `${stats.withdrawn} withdrawn by the agency` : '',
    ].filter((part) => part !== '');
    say(
      `${c.green('Built')} ${plural(stats.articles, 'article')}${others.length > 0 ? ` (${others.join(', ')})` : ''}, ${plural(stats.pages, 'page')} and ${plural(stats.feeds, 'feed')} into ${outDir}/ in ${time} ` +
        `(${stats.written} written, ${stats.unchanged} unchanged, ${stats.removed} removed${warned}).`,
    );
    if (flags.verbose) say(c.dim(`${stats.parsed} of ${plural(result.sources, 'article file')} parsed; the rest came from the cache.`));
  }
  return { errors: 0, diagnostics };
}

/** The options every command that builds shares. */
export function commonOptions(command: Command): Command {
  return command
    .option('--content <dir>', 'folder of articles', 'content')
    .option('--templates <dir>', 'folder of templates over the default theme (default: templates, when it exists)')
    .option('--config <file>', 'site config file (default: broadsheet.config.json, when it exists)')
    .option('--base-url <url>', 'absolute URL the site is served from; links become absolute-path and feeds absolute')
    .option('--drafts', 'include articles marked draft: true')
    .option('--future', 'include articles dated after the build clock (embargoed)')
    .option('-q, --quiet', 'print errors only')
    .option('--verbose', 'print more, and the stack of an internal error');
}
