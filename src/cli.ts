import { readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import pc from 'picocolors';
import type { BuildIO, BuildResult } from './build.js';
import { loadManifest, saveManifest, temporaryCacheDir, type Manifest } from './cache.js';
import { loadConfig } from './config.js';
import { findContent, readImageSizes, readTheme } from './content/load.js';
import { inputsKey, isUpToDate, readState, writeState } from './freshness.js';
import { UsageError } from './errors.js';
import { canUseWorkers, inlinePool, workerCount, workerPool } from './pool.js';
import { collectDiagnostics, EXIT_CONTENT, EXIT_OK, EXIT_USAGE, exitCodeFor, formatDiagnostic, summarise, type Diagnostic } from './report.js';
import type { BuildOptions, SiteConfig } from './types.js';
import { checkOutputFolder, OUTPUT_MARKER, WriteAborted } from './write.js';

// argv → build | check. The only module that touches `process`.

const EXIT_INTERNAL = 70;
const EXIT_INTERRUPTED = 130;

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const VERSION = packageJson.version;
const DEFAULT_CACHE = path.join('node_modules', '.cache', 'broadsheet');

/** Below this much work, starting worker threads costs more than it saves. */
const WORKER_THRESHOLD = 150;

interface CommonFlags {
  content: string;
  templates?: string;
  config?: string;
  baseUrl?: string;
  drafts?: boolean;
  future?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

interface BuildFlags extends CommonFlags {
  out: string;
  cache: string | false;
}

interface CheckFlags extends CommonFlags {
  strict?: boolean;
  format: 'text' | 'json';
}

const colors = pc.isColorSupported && Boolean(process.stderr.isTTY) && !process.env['NO_COLOR'];
const c = pc.createColors(colors);

function say(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** The build's clock: SOURCE_DATE_EPOCH (seconds) when set, so a rebuild of the same input is identical. */
function clock(): Date {
  const epoch = process.env['SOURCE_DATE_EPOCH'];
  if (epoch === undefined || epoch === '') return new Date();
  if (!/^\d+$/.test(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not ${JSON.stringify(epoch)}`);
  return new Date(Number(epoch) * 1000);
}

function isFolder(folder: string): boolean {
  return statSync(folder, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function poolFor(work: number) {
  const threads = workerCount(process.env['BROADSHEET_WORKERS']);
  return threads > 0 && work >= WORKER_THRESHOLD && canUseWorkers() ? workerPool(threads) : inlinePool();
}

interface Run {
  result: BuildResult;
  config: SiteConfig;
  /** Nothing changed since the last build: its messages replayed, nothing done. */
  upToDate: { diagnostics: Diagnostic[]; summary: { articles: number; pages: number; feeds: number; outputs: number } } | null;
}

async function run(flags: CommonFlags, options: Omit<BuildOptions, 'now'>, out: { outDir: string | null; cacheDir: string | null }): Promise<Run> {
  const cwd = process.cwd();
  const now = clock();
  let { config } = await loadConfig(flags.config, cwd, { cacheDir: out.cacheDir, version: VERSION });
  if (flags.baseUrl !== undefined) {
    const { parseConfig } = await import('./config-schema.js');
    // A base URL on the command line means a build for hosting: pretty links under it.
    config = { ...config, baseUrl: parseConfig({ baseUrl: flags.baseUrl }, '--base-url').baseUrl, relativeLinks: false };
  }
  const templatesDir = flags.templates ?? (isFolder(path.resolve(cwd, 'templates')) ? 'templates' : undefined);
  const [tree, theme] = await Promise.all([findContent(flags.content, cwd), readTheme(templatesDir, cwd)]);
  if (out.outDir) {
    checkOutputFolder(out.outDir, [
      { path: path.resolve(cwd, flags.content), what: 'content folder' },
      ...(templatesDir ? [{ path: path.resolve(cwd, templatesDir), what: 'templates folder' }] : []),
      { path: cwd, what: 'project root' },
      ...(out.cacheDir ? [{ path: path.resolve(cwd, out.cacheDir), what: 'cache folder' }] : []),
    ]);
  }

  const inputs = inputsKey({ version: VERSION, config, options, tree, theme });
  if (out.cacheDir && out.outDir) {
    const state = readState(out.cacheDir);
    if (isUpToDate(state, inputs, out.outDir, now, OUTPUT_MARKER)) {
      const result: BuildResult = { files: [], site: null, notices: state.notices, stats: null, manifest: null, validUntil: state.validUntil };
      return { result, config, upToDate: { diagnostics: state.diagnostics, summary: state.summary } };
    }
  }

  let manifest: Manifest | null = null;
  const notices: string[] = [];
  if (out.cacheDir) {
    const loaded = await loadManifest(out.cacheDir, VERSION);
    manifest = loaded.manifest;
    if (loaded.notice) notices.push(loaded.notice);
  }
  const cacheDir = out.cacheDir ?? (await temporaryCacheDir());

  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    say(`${signal}: stopping the build…`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const io: BuildIO = {
      outDir: out.outDir,
      manifest,
      cacheDir,
      pool: poolFor,
      aborted: () => interrupted,
    };
    const { build } = await import('./build.js');
    const result = await build(
      { config, options: { ...options, now }, tree, theme, imageSizes: await readImageSizes(tree.assets), version: VERSION },
      io,
    );
    result.notices.unshift(...notices);
    if (out.cacheDir && result.manifest && result.stats && out.outDir) {
      if (result.stats.written > 0 || result.stats.removed > 0 || result.stats.parsed > 0 || !manifest) {
        result.manifest.writtenAt = Date.now();
        saveManifest(out.cacheDir, result.manifest);
      }
      writeState(out.cacheDir, {
        format: 1,
        inputs,
        out: path.resolve(out.outDir),
        now: now.getTime(),
        validUntil: result.validUntil,
        summary: {
          articles: result.stats.articles,
          pages: result.stats.pages,
          feeds: result.stats.feeds,
          outputs: Object.keys(result.manifest.outputs).length,
        },
        diagnostics: collectDiagnostics(result.files, false),
        notices: result.notices.filter((notice) => !notices.includes(notice)),
      });
    }
    return { result, config, upToDate: null };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!out.cacheDir) await rm(cacheDir, { recursive: true, force: true });
  }
}

function printDiagnostics(diagnostics: Diagnostic[], quiet: boolean): { errors: number; warnings: number } {
  for (const diagnostic of diagnostics) {
    if (quiet && diagnostic.severity !== 'error') continue;
    say(formatDiagnostic(diagnostic, colors));
  }
  return summarise(diagnostics);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

async function runBuild(flags: BuildFlags): Promise<number> {
  const started = performance.now();
  const cacheDir = flags.cache === false ? null : path.resolve(flags.cache);
  try {
    const { result, upToDate } = await run(flags, { drafts: Boolean(flags.drafts), future: Boolean(flags.future) }, { outDir: flags.out, cacheDir });
    const seconds = () => ((performance.now() - started) / 1000).toFixed(2);
    if (upToDate) {
      const { warnings } = printDiagnostics(upToDate.diagnostics, Boolean(flags.quiet));
      if (!flags.quiet) {
        for (const notice of result.notices) say(c.dim(`note: ${notice}`));
        const { summary } = upToDate;
        say(
          `${c.green('Up to date:')} ${plural(summary.articles, 'article')}, ${plural(summary.pages, 'page')} and ${plural(summary.feeds, 'feed')} in ${flags.out}/ ` +
            `(checked in ${seconds()} s: 0 written, ${summary.outputs} unchanged, 0 removed${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''}).`,
        );
      }
      return EXIT_OK;
    }
    const { errors, warnings } = printDiagnostics(collectDiagnostics(result.files, false), Boolean(flags.quiet));
    if (errors > 0 || !result.stats) {
      say(c.red(`${plural(errors, 'error')}: nothing was written; ${flags.out} is as it was.`));
      return EXIT_CONTENT;
    }
    if (!flags.quiet) {
      for (const notice of result.notices) say(c.dim(`note: ${notice}`));
      const { stats } = result;
      say(
        `${c.green('Built')} ${plural(stats.articles, 'article')}, ${plural(stats.pages, 'page')} and ${plural(stats.feeds, 'feed')} into ${flags.out}/ in ${seconds()} s ` +
          `(${stats.written} written, ${stats.unchanged} unchanged, ${stats.removed} removed` +
          `${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''}).`,
      );
    }
    return EXIT_OK;
  } catch (cause) {
    if (cause instanceof WriteAborted) {
      say('Build stopped; every file in the output is complete (old or new). Run the build again to finish.');
      return EXIT_INTERRUPTED;
    }
    throw cause;
  }
}

async function runCheck(flags: CheckFlags): Promise<number> {
  const { result } = await run(flags, { drafts: true, future: true }, { outDir: null, cacheDir: null });
  const strict = Boolean(flags.strict);
  const diagnostics = collectDiagnostics(result.files, strict);
  if (flags.format === 'json') {
    process.stdout.write(`${JSON.stringify({ diagnostics, ...summarise(diagnostics) }, null, 2)}\n`);
  } else {
    for (const diagnostic of diagnostics) say(formatDiagnostic(diagnostic, colors));
    const { errors, warnings } = summarise(diagnostics);
    if (!flags.quiet) {
      const articles = result.files.filter((file) => /\.(md|txt)$/i.test(String(file.path))).length;
      say(`${errors === 0 && (!strict || warnings === 0) ? c.green('✓') : c.red('✗')} ${articles} articles checked: ${errors} errors, ${warnings} warnings.`);
    }
  }
  return exitCodeFor(diagnostics, strict);
}

function commonOptions(command: Command): Command {
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

function program(result: { code: number }): Command {
  const root = new Command('broadsheet')
    .description('Build a fast, accessible, standards-complete news site from plain wire text and Markdown.')
    .version(VERSION, '-v, --version')
    .showSuggestionAfterError(true)
    .configureOutput({ writeErr: (text) => process.stderr.write(text), writeOut: (text) => process.stdout.write(text) })
    .exitOverride();

  commonOptions(root.command('build'))
    .description('build the site into the output folder')
    .option('--out <dir>', 'output folder', 'dist')
    .option('--cache <dir>', 'build cache: only what changed is parsed and rendered again', DEFAULT_CACHE)
    .option('--no-cache', 'build from scratch, without reading or writing the cache')
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
      result.code = await runBuild(flags);
    });

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
      result.code = await runCheck(flags);
    });

  return root;
}

export async function main(argv: string[]): Promise<number> {
  const result = { code: EXIT_OK };
  const verbose = argv.includes('--verbose');
  try {
    await program(result).parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (cause) {
    if (cause instanceof CommanderError) {
      if (cause.code === 'commander.helpDisplayed' || cause.code === 'commander.version' || cause.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (cause instanceof UsageError) {
      say(`${c.red('error:')} ${cause.message}`);
      if (cause.hint) say(`  ${c.cyan('hint:')} ${cause.hint}`);
      return EXIT_USAGE;
    }
    say(`${c.red('internal error:')} ${(cause as Error)?.message ?? String(cause)}`);
    say('This is a bug in Broadsheet, not in your content. Please report it with the command you ran.');
    if (verbose) say(String((cause as Error)?.stack ?? cause));
    else say('Run again with --verbose to see the stack.');
    return EXIT_INTERNAL;
  }
}
