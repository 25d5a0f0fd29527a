import path from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../messages/errors.js';
import { DEFAULT_CACHE, runProject, type ProjectFlags, type ProjectRun, type ProjectTarget, type Run } from '../project/index.js';
import { collectDiagnostics, EXIT_CONTENT, EXIT_OK, EXIT_USAGE, exitCodeFor, summarise } from '../messages/report.js';
import type { BuildOptions } from '../types.js';
import { WriteAborted } from '../write.js';
import { LockAbandoned } from '../project/lock.js';
import { commonOptions, plural, printDiagnostics, progressReporter, reportRun, usageDiagnostics, type Terminal } from './terminal.js';

export const EXIT_INTERRUPTED = 130;

export interface CommonFlags extends ProjectFlags {
  drafts?: boolean;
  future?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

export interface BuildFlags extends CommonFlags {
  out: string;
  cache: string | false;
  search: boolean;
}

export interface CheckFlags extends CommonFlags {
  strict?: boolean;
  format: 'text' | 'json';
}

/** The build's clock: SOURCE_DATE_EPOCH (seconds) when set, so a rebuild of the same input is identical. */
export function clock(out: Terminal): Date {
  const epoch = out.io.env['SOURCE_DATE_EPOCH'];
  if (epoch === undefined || epoch === '') return out.io.now();
  if (!/^\d+$/.test(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not ${JSON.stringify(epoch)}`);
  return new Date(Number(epoch) * 1000);
}

/**
 * A project build with the terminal's clock, progress and workers. `session`: what a run of many
 * builds (the dev server) says of itself and keeps between them.
 */
export async function run(
  out: Terminal,
  flags: CommonFlags,
  options: Omit<BuildOptions, 'now'>,
  target: ProjectTarget,
  aborted: () => boolean,
  session: Pick<ProjectRun, 'command' | 'darkroom'> = { command: 'build' },
): Promise<Run> {
  const progress = progressReporter(out, Boolean(flags.quiet) || !target.outDir);
  try {
    return await runProject(flags, options, target, {
      cwd: out.io.cwd,
      now: clock(out),
      workers: out.io.env['BROADSHEET_WORKERS'],
      aborted,
      progress: progress.update,
      say: out.say,
      ...session,
      ...(flags.verbose ? { phase: (name: string, ms: number) => out.say(out.c.dim(`${name}: ${ms.toFixed(0)} ms`)) } : {}),
    });
  } finally {
    progress.done();
  }
}

const STOPPED = 'Build stopped; every file in the output is complete (old or new). Run the build again to finish.';

/**
 * Runs `work` with Ctrl-C and SIGTERM stopping it where it is, in whatever phase, workers and
 * Pagefind with it. That is safe at any moment: nothing reaches the output but whole files renamed
 * into place, the cache is saved only by a build that finished, and the process's exit takes its
 * staging folder and locks with it.
 */
async function interruptible<T>(out: Terminal, work: (aborted: () => boolean) => Promise<T>): Promise<T> {
  let interrupted = false;
  const stopListening = out.io.onSignal((signal) => {
    interrupted = true;
    out.say(`${signal}: stopping the build…`);
    out.say(STOPPED);
    out.io.exit(EXIT_INTERRUPTED);
  });
  try {
    return await work(() => interrupted);
  } finally {
    stopListening();
  }
}

export async function runBuild(out: Terminal, flags: BuildFlags): Promise<number> {
  const cacheDir = flags.cache === false ? null : path.resolve(out.io.cwd, flags.cache);
  try {
    const options = { drafts: Boolean(flags.drafts), future: Boolean(flags.future), search: flags.search };
    const outcome = await interruptible(out, (aborted) => run(out, flags, options, { outDir: flags.out, cacheDir }, aborted));
    return reportRun(out, outcome, flags.out, flags).errors > 0 ? EXIT_CONTENT : EXIT_OK;
  } catch (cause) {
    if (cause instanceof WriteAborted || cause instanceof LockAbandoned) {
      out.say(STOPPED);
      return EXIT_INTERRUPTED;
    }
    throw cause;
  }
}

export async function runCheck(out: Terminal, flags: CheckFlags): Promise<number> {
  let result: Run['result'];
  try {
    ({ result } = await run(out, flags, { drafts: true, future: true, search: true }, { outDir: null, cacheDir: null }, () => false));
  } catch (cause) {
    // An editor or CI job reading JSON gets a config or usage mistake as JSON too.
    if (!(cause instanceof UsageError) || flags.format !== 'json') throw cause;
    const diagnostics = usageDiagnostics(cause);
    out.io.stdout.write(`${JSON.stringify({ diagnostics, ...summarise(diagnostics) }, null, 2)}\n`);
    return EXIT_USAGE;
  }
  const strict = Boolean(flags.strict);
  const diagnostics = collectDiagnostics(result.files, strict);
  if (flags.format === 'json') {
    out.io.stdout.write(`${JSON.stringify({ diagnostics, ...summarise(diagnostics) }, null, 2)}\n`);
  } else {
    // --quiet keeps every message here and drops only the summary: under --strict a warning fails the check.
    const { errors, warnings } = printDiagnostics(out, diagnostics, { verbose: flags.verbose });
    if (!flags.quiet) {
      out.say(`${errors === 0 && (!strict || warnings === 0) ? out.c.green('✓') : out.c.red('✗')} ${plural(result.sources, 'article')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`);
    }
  }
  return exitCodeFor(diagnostics, strict);
}

export function defineBuild(root: Command, out: Terminal, result: { code: number }): void {
  commonOptions(root.command('build'))
    .description('build the site into the output folder')
    .option('--out <dir>', 'output folder', 'dist')
    .option('--cache <dir>', 'build cache: only what changed is parsed and rendered again', DEFAULT_CACHE)
    .option('--no-cache', 'build from scratch, without reading or writing the cache')
    .option('--no-search', 'skip the search index (Pagefind)')
    .addHelpText(
      'after',
      `
Examples:
  $ broadsheet build
  $ broadsheet build --content articles --out public --base-url https://news.example/
  $ SOURCE_DATE_EPOCH=1764000000 broadsheet build   # a fixed clock, for reproducible builds

Exit codes: 0 built, 1 content errors (nothing written), 2 usage or config error.`,
    )
    .action(async (flags: BuildFlags) => {
      result.code = await runBuild(out, flags);
    });
}

export function defineCheck(root: Command, out: Terminal, result: { code: number }): void {
  commonOptions(root.command('check'))
    .description('validate every article and template without writing anything')
    .option('--strict', 'also fail on warnings: unknown keys, missing dek or date, images without alt')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Examples:
  $ broadsheet check
  $ broadsheet check --strict --format json > problems.json

Exit codes: 0 clean, 1 errors (or warnings with --strict), 2 usage or config error.`,
    )
    .action(async (flags: CheckFlags) => {
      result.code = await runCheck(out, flags);
    });
}
