import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import pc from 'picocolors';
import type { BuildIO, BuildResult } from './build/index.js';
import { loadManifest, saveManifest, temporaryCacheDir, type Manifest } from './cache.js';
import { loadConfig } from './config.js';
import { findContent, readImageSizes, readTheme } from './content/load.js';
import { UsageError } from './errors.js';
import { inputsKey, isUpToDate, readState, writeState } from './freshness.js';
import { canUseWorkers, inlinePool, workerCount, workerPool } from './pool.js';
import { collectDiagnostics, EXIT_CONTENT, EXIT_OK, EXIT_USAGE, exitCodeFor, formatDiagnostic, summarise, type Diagnostic } from './report.js';
import type { BuildOptions, SiteConfig } from './types.js';
import { checkOutputFolder, discardWriter, folderWriter, OUTPUT_MARKER, WriteAborted } from './write.js';

// argv → build | check | dev | new. The only module that touches `process`.

const EXIT_INTERNAL = 70;
const EXIT_INTERRUPTED = 130;

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const VERSION = packageJson.version;

/**
 * The cache's idea of "this Broadsheet": the version, and the size and date of every file of its
 * code, so a patched install (or a developer's rebuild) with the same version number never
 * reuses what older code made.
 */
function codeFingerprint(): string {
  const hash = createHash('sha1').update(VERSION);
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.js')) {
        const info = statSync(file);
        hash.update(`${entry.name}:${info.size}:${info.mtimeMs}\n`);
      }
    }
  };
  walk(path.dirname(fileURLToPath(import.meta.url)));
  return `${VERSION}+${hash.digest('hex').slice(0, 12)}`;
}
const CODE = codeFingerprint();
const CACHE_ROOT = path.join('node_modules', '.cache');
const DEFAULT_CACHE = path.join(CACHE_ROOT, 'broadsheet');
// The preview has drafts and embargoed stories in it: it never goes to dist/, so it is never
// published by mistake.
const PREVIEW_OUT = path.join(CACHE_ROOT, 'broadsheet-preview');
const PREVIEW_CACHE = path.join(CACHE_ROOT, 'broadsheet-preview-cache');

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
  search: boolean;
}

interface CheckFlags extends CommonFlags {
  strict?: boolean;
  format: 'text' | 'json';
}

interface DevFlags extends CommonFlags {
  out?: string;
  port: string;
  host: string;
  open?: boolean;
}

interface NewFlags {
  content: string;
  config?: string;
  format: 'md' | 'txt';
  section?: string;
}

const colors = pc.isColorSupported && Boolean(process.stderr.isTTY) && !process.env['NO_COLOR'];
const c = pc.createColors(colors);

function say(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** A usage or config mistake (and those found with it) as diagnostics, for JSON output and the dev overlay. */
function usageDiagnostics(cause: UsageError): Diagnostic[] {
  return [cause, ...cause.others].map((problem) => {
    const { file = 'broadsheet', line = null, column = null } = problem.where ?? {};
    const ruleId = / \[([\w-]+)\]$/.exec(problem.message)?.[1] ?? null;
    const message = ruleId ? problem.message.slice(0, -(ruleId.length + 3)) : problem.message;
    return { file, line, column, severity: 'error', message, ruleId, hint: problem.hint ?? null };
  });
}

function sayUsageError(cause: UsageError): void {
  for (const problem of [cause, ...cause.others]) {
    say(problem.line.replace(/(^|: )error:/, (label) => c.red(label)));
    if (problem.hint) say(`  ${c.cyan('hint:')} ${problem.hint}`);
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
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

/** `--templates`, else `templates/` when the project has one, else the default theme alone. */
function templatesFolder(flags: CommonFlags, cwd: string): string | undefined {
  return flags.templates ?? (isFolder(path.resolve(cwd, 'templates')) ? 'templates' : undefined);
}

function poolFor(work: number) {
  const threads = workerCount(process.env['BROADSHEET_WORKERS']);
  return threads > 0 && work >= WORKER_THRESHOLD && canUseWorkers() ? workerPool(threads) : inlinePool();
}

/**
 * Progress for builds that take more than about a second: a bar on a terminal, a plain line
 * per phase elsewhere (CI logs, pipes), nothing with --quiet.
 */
function progressReporter(quiet: boolean): { update: NonNullable<BuildIO['progress']>; done(): void } {
  const started = performance.now();
  const tty = Boolean(process.stderr.isTTY);
  let shown = false;
  let lastPhase = '';
  let lastDraw = 0;
  const labels: Record<string, string> = { parse: 'Parsing', render: 'Rendering' };
  return {
    update(phase, done, total) {
      if (quiet || performance.now() - started < 1000) return;
      const label = labels[phase] ?? phase;
      if (!tty) {
        if (phase !== lastPhase) say(`${label} ${plural(total, phase === 'parse' ? 'article' : 'file')}…`);
        lastPhase = phase;
        return;
      }
      const now = performance.now();
      if (now - lastDraw < 80 && done !== total) return;
      lastDraw = now;
      const width = 28;
      const filled = Math.round((done / Math.max(total, 1)) * width);
      process.stderr.write(`\r${c.dim(label.padEnd(10))}[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}  `);
      shown = true;
    },
    done() {
      if (shown) process.stderr.write('\r\u001b[2K');
    },
  };
}

interface RunTarget {
  outDir: string | null;
  cacheDir: string | null;
}

interface Run {
  result: BuildResult;
  config: SiteConfig;
  /** Nothing changed since the last build: its messages replayed, nothing done. */
  upToDate: { diagnostics: Diagnostic[]; summary: { articles: number; pages: number; feeds: number; outputs: number } } | null;
  seconds: number;
}

/** One build (or validation): config, content, theme, the cache, then the pipeline. */
async function run(flags: CommonFlags, options: Omit<BuildOptions, 'now'>, target: RunTarget, aborted: () => boolean): Promise<Run> {
  const started = performance.now();
  const cwd = process.cwd();
  const now = clock();
  let { config } = await loadConfig(flags.config, cwd, { cacheDir: target.cacheDir, version: CODE });
  if (flags.baseUrl !== undefined) {
    const { parseConfig } = await import('./config-schema.js');
    // A base URL on the command line means a build for hosting: pretty links under it.
    config = { ...config, baseUrl: parseConfig({ baseUrl: flags.baseUrl }, '--base-url').baseUrl, relativeLinks: false };
  }
  const templatesDir = templatesFolder(flags, cwd);
  const [tree, theme] = await Promise.all([findContent(flags.content, cwd), readTheme(templatesDir, cwd)]);
  if (target.outDir) {
    checkOutputFolder(target.outDir, [
      { path: path.resolve(cwd, flags.content), what: 'content folder' },
      ...(templatesDir ? [{ path: path.resolve(cwd, templatesDir), what: 'templates folder' }] : []),
      { path: cwd, what: 'project root' },
      ...(target.cacheDir ? [{ path: path.resolve(cwd, target.cacheDir), what: 'cache folder' }] : []),
    ]);
  }
  const seconds = () => (performance.now() - started) / 1000;

  const inputs = inputsKey({ version: CODE, config, options, tree, theme });
  if (target.cacheDir && target.outDir) {
    const state = readState(target.cacheDir);
    if (isUpToDate(state, inputs, target.outDir, now, OUTPUT_MARKER)) {
      const result: BuildResult = { files: [], site: null, notices: state.notices, stats: null, manifest: null, validUntil: state.validUntil, sources: tree.articles.length };
      return { result, config, upToDate: { diagnostics: state.diagnostics, summary: state.summary }, seconds: seconds() };
    }
  }

  let manifest: Manifest | null = null;
  const notices: string[] = [];
  if (target.cacheDir) {
    const loaded = await loadManifest(target.cacheDir, CODE);
    manifest = loaded.manifest;
    if (loaded.notice) notices.push(loaded.notice);
  }
  const cacheDir = target.cacheDir ?? (await temporaryCacheDir());
  const progress = progressReporter(Boolean(flags.quiet) || !target.outDir);
  try {
    let last = performance.now();
    const timings: string[] = [`load ${(last - started).toFixed(0)} ms`];
    const io: BuildIO = {
      writer: target.outDir ? folderWriter(target.outDir) : discardWriter(),
      manifest,
      cacheDir,
      pool: poolFor,
      aborted,
      progress: progress.update,
      phase: (name) => {
        const now = performance.now();
        timings.push(`${name} ${(now - last).toFixed(0)} ms`);
        last = now;
      },
    };
    const { build } = await import('./build/index.js');
    const result = await build(
      { config, options: { ...options, now }, tree, theme, imageSizes: await readImageSizes(tree.assets), version: CODE },
      io,
    );
    result.notices.unshift(...notices);
    if (flags.verbose) {
      result.notices.push(`timings: ${timings.join(', ')}`);
      result.notices.push(`peak memory: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    }
    if (target.cacheDir && result.manifest && result.stats && target.outDir) {
      if (result.stats.written > 0 || result.stats.removed > 0 || result.stats.parsed > 0 || !manifest) {
        result.manifest.writtenAt = Date.now();
        saveManifest(target.cacheDir, result.manifest);
      }
      writeState(target.cacheDir, {
        format: 1,
        inputs,
        out: path.resolve(target.outDir),
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
    return { result, config, upToDate: null, seconds: seconds() };
  } finally {
    progress.done();
    if (!target.cacheDir) await rm(cacheDir, { recursive: true, force: true });
  }
}

function printDiagnostics(diagnostics: Diagnostic[], quiet: boolean): { errors: number; warnings: number } {
  for (const diagnostic of diagnostics) {
    if (quiet && diagnostic.severity !== 'error') continue;
    say(formatDiagnostic(diagnostic, colors));
  }
  return summarise(diagnostics);
}

/** Prints what a build says and its closing summary; returns its errors. */
function reportRun(outcome: Run, outDir: string, flags: CommonFlags): { errors: number; diagnostics: Diagnostic[] } {
  const quiet = Boolean(flags.quiet);
  const { result, upToDate } = outcome;
  const diagnostics = upToDate ? upToDate.diagnostics : collectDiagnostics(result.files, false);
  const { errors, warnings } = printDiagnostics(diagnostics, quiet);
  const warned = warnings > 0 ? `, ${plural(warnings, 'warning')}` : '';
  if (errors > 0 || (!upToDate && !result.stats)) {
    say(c.red(`${plural(errors, 'error')}: nothing was written; ${outDir} is as it was.`));
    return { errors: Math.max(errors, 1), diagnostics };
  }
  if (quiet) return { errors: 0, diagnostics };
  if (flags.verbose || !upToDate) for (const notice of result.notices) say(c.dim(`note: ${notice}`));
  const time = `${outcome.seconds.toFixed(2)} s`;
  if (upToDate) {
    const { summary } = upToDate;
    say(
      `${c.green('Up to date:')} ${plural(summary.articles, 'article')}, ${plural(summary.pages, 'page')} and ${plural(summary.feeds, 'feed')} in ${outDir}/ ` +
        `(checked in ${time}: 0 written, ${summary.outputs} unchanged, 0 removed${warned}).`,
    );
  } else {
    const stats = result.stats!;
    say(
      `${c.green('Built')} ${plural(stats.articles, 'article')}, ${plural(stats.pages, 'page')} and ${plural(stats.feeds, 'feed')} into ${outDir}/ in ${time} ` +
        `(${stats.written} written, ${stats.unchanged} unchanged, ${stats.removed} removed${warned}).`,
    );
    if (flags.verbose) say(c.dim(`${stats.parsed} of ${stats.articles} articles parsed; the rest came from the cache.`));
  }
  return { errors: 0, diagnostics };
}

/** Runs `work` with Ctrl-C and SIGTERM asking it to stop; a second signal stops at once. */
async function interruptible<T>(work: (aborted: () => boolean) => Promise<T>): Promise<T> {
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    say(`${signal}: stopping the build…`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(() => interrupted);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function runBuild(flags: BuildFlags): Promise<number> {
  const cacheDir = flags.cache === false ? null : path.resolve(flags.cache);
  try {
    const outcome = await interruptible((aborted) =>
      run(flags, { drafts: Boolean(flags.drafts), future: Boolean(flags.future), search: flags.search }, { outDir: flags.out, cacheDir }, aborted),
    );
    return reportRun(outcome, flags.out, flags).errors > 0 ? EXIT_CONTENT : EXIT_OK;
  } catch (cause) {
    if (cause instanceof WriteAborted) {
      say('Build stopped; every file in the output is complete (old or new). Run the build again to finish.');
      return EXIT_INTERRUPTED;
    }
    throw cause;
  }
}

async function runCheck(flags: CheckFlags): Promise<number> {
  let result: BuildResult;
  try {
    ({ result } = await run(flags, { drafts: true, future: true, search: true }, { outDir: null, cacheDir: null }, () => false));
  } catch (cause) {
    // An editor or CI job reading JSON gets a config or usage mistake as JSON too.
    if (!(cause instanceof UsageError) || flags.format !== 'json') throw cause;
    const diagnostics = usageDiagnostics(cause);
    process.stdout.write(`${JSON.stringify({ diagnostics, ...summarise(diagnostics) }, null, 2)}\n`);
    return EXIT_USAGE;
  }
  const strict = Boolean(flags.strict);
  const diagnostics = collectDiagnostics(result.files, strict);
  if (flags.format === 'json') {
    process.stdout.write(`${JSON.stringify({ diagnostics, ...summarise(diagnostics) }, null, 2)}\n`);
  } else {
    for (const diagnostic of diagnostics) say(formatDiagnostic(diagnostic, colors));
    const { errors, warnings } = summarise(diagnostics);
    if (!flags.quiet) {
      say(`${errors === 0 && (!strict || warnings === 0) ? c.green('✓') : c.red('✗')} ${plural(result.sources, 'article')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`);
    }
  }
  return exitCodeFor(diagnostics, strict);
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => say(c.dim(`(could not open a browser; visit ${url})`)));
    child.unref();
  } catch {
    say(c.dim(`(could not open a browser; visit ${url})`));
  }
}

async function runDev(flags: DevFlags): Promise<number> {
  const cwd = process.cwd();
  const outDir = flags.out ?? PREVIEW_OUT;
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not ${JSON.stringify(flags.port)}`);
  let stopping = false;
  const { startDevServer } = await import('./serve.js');
  const templatesDir = templatesFolder(flags, cwd);
  const configFile = path.resolve(cwd, flags.config ?? 'broadsheet.config.json');
  const server = await startDevServer({
    outDir,
    host: flags.host,
    port,
    cwd,
    watch: [path.resolve(cwd, flags.content), ...(templatesDir ? [path.resolve(cwd, templatesDir)] : []), configFile],
    resolveFile: (file) => path.resolve(cwd, file),
    log: (line) => {
      if (!flags.quiet) say(c.dim(line));
    },
    async rebuild() {
      try {
        // No search index in the preview: indexing every article again on each save would
        // make the loop slow, and `broadsheet build` makes it.
        const outcome = await run(flags, { drafts: true, future: true, search: false }, { outDir, cacheDir: PREVIEW_CACHE }, () => stopping);
        const { errors, diagnostics } = reportRun(outcome, outDir, flags);
        return { errors: errors > 0 ? diagnostics.filter((diagnostic) => diagnostic.severity === 'error') : [] };
      } catch (cause) {
        // A config or usage mistake (a bad key, a missing folder) is shown like a content error.
        if (cause instanceof UsageError) {
          sayUsageError(cause);
          return { errors: usageDiagnostics(cause) };
        }
        throw cause;
      }
    },
  });
  say(`${c.green('Preview')} with drafts and embargoed stories: ${c.bold(server.url)}`);
  say(c.dim('Watching content, templates and config. Press Ctrl-C to stop.'));
  if (flags.open) openInBrowser(server.url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      if (stopping) return;
      stopping = true;
      void server.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  say('Stopped.');
  return EXIT_OK;
}

/** The writer's name for a new article: the git user, else the only author in the config. */
function defaultAuthor(config: SiteConfig): string | null {
  try {
    const name = execFileSync('git', ['config', 'user.name'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (name) return name;
  } catch {
    // No git, or no name set.
  }
  const configured = Object.keys(config.authors);
  return configured.length > 0 ? configured[0]! : null;
}

async function runNew(headline: string, flags: NewFlags): Promise<number> {
  const cwd = process.cwd();
  const title = headline.trim().replace(/\s+/g, ' ');
  if (title === '') throw new UsageError('the headline is empty', 'write it in quotes: broadsheet new "Council approves budget"');
  const { config } = await loadConfig(flags.config, cwd);
  const { isoInZone } = await import('./dates.js');
  const { slugify } = await import('./urls.js');
  const now = clock();
  const iso = isoInZone(now, config.timeZone);
  const folder = path.resolve(cwd, flags.content, ...(flags.section ? [slugify(flags.section)] : []));
  const file = path.join(folder, `${iso.slice(0, 10)}-${slugify(title)}.${flags.format}`);
  const display = path.relative(cwd, file);
  if (existsSync(file)) {
    throw new UsageError(`${display} already exists; it was not changed`, 'open it to keep writing, or give the new article another headline');
  }
  const author = defaultAuthor(config);
  let text: string;
  if (flags.format === 'md') {
    text = [
      '---',
      `title: ${JSON.stringify(title)}`,
      'dek: ""',
      ...(author ? [`author: ${JSON.stringify(author)}`] : []),
      `date: ${iso}`,
      ...(flags.section ? [`section: ${JSON.stringify(flags.section)}`] : []),
      'tags: []',
      'draft: true',
      '---',
      '',
      'Write the story here. A blank line starts a new paragraph.',
      '',
    ].join('\n');
  } else {
    text = `${[title, ...(author ? [`By ${author}`] : []), 'Write the story here, a paragraph a line.'].join('\n')}\n`;
  }
  mkdirSync(folder, { recursive: true });
  writeFileSync(file, text, { flag: 'wx' });
  process.stdout.write(`${display}\n`);
  if (flags.format === 'txt') say(c.dim('Wire text has no draft flag: it is published by the next build.'));
  else say(c.dim('It is a draft (draft: true): `broadsheet dev` shows it; remove the line to publish it.'));
  return EXIT_OK;
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

const COMMANDS = ['build', 'check', 'dev', 'new'];

function program(result: { code: number }): Command {
  const root = new Command('broadsheet')
    .description('Build a fast, accessible, standards-complete news site from plain wire text and Markdown.')
    .version(VERSION, '-v, --version')
    .usage('<command> [options]')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      writeOut: (text) => process.stdout.write(text),
      outputError: (text, write) => write(colors ? pc.red(text) : text),
    })
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  $ broadsheet new "Council approves budget" --section City
  $ broadsheet dev                      # preview at http://127.0.0.1:4000/, reloading as you write
  $ broadsheet check --strict           # validate everything, write nothing
  $ broadsheet build                    # the site, into dist/

Run 'broadsheet <command> --help' for a command's options.
Exit codes: 0 ok, 1 content errors, 2 usage or config errors.`,
    );

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

  commonOptions(root.command('dev'))
    .description('preview the site with drafts and embargoed stories, rebuilding and reloading as you write')
    .option('--out <dir>', 'where the preview is written (never dist/)', PREVIEW_OUT)
    .option('--port <number>', 'port to listen on; 0 picks a free one', '4000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--open', 'open the preview in a browser')
    .addHelpText(
      'after',
      `
Examples:
  $ broadsheet dev
  $ broadsheet dev --port 0 --open
  $ npm run dev

Stop it with Ctrl-C. A broken file never stops the server: its message is shown over the page.`,
    )
    .action(async (flags: DevFlags) => {
      result.code = await runDev(flags);
    });

  root
    .command('new')
    .description('start a new article: a correctly named file with its front matter filled in')
    .argument('<headline>', 'the headline, in quotes')
    .option('--format <format>', 'md (Markdown with front matter) or txt (wire text)', 'md')
    .option('--section <name>', 'the section; the file goes in its folder')
    .option('--content <dir>', 'folder of articles', 'content')
    .option('--config <file>', 'site config file (default: broadsheet.config.json, when it exists)')
    .addHelpText(
      'after',
      `
Examples:
  $ broadsheet new "Council approves budget"
  $ broadsheet new "Metro line opens" --section City
  $ broadsheet new "Flash: quake hits coast" --format txt

It prints the path of the new file, so you can open it: code "$(broadsheet new "Storm warning")"`,
    )
    .action(async (headline: string, flags: NewFlags) => {
      if (flags.format !== 'md' && flags.format !== 'txt') throw new UsageError(`--format must be md or txt, not ${JSON.stringify(flags.format)}`);
      if (flags.format === 'txt' && flags.section) {
        throw new UsageError('wire text has no place for a section, so --section would be lost', 'leave out --section, or use --format md');
      }
      result.code = await runNew(headline, flags);
    });

  return root;
}

export async function main(argv: string[]): Promise<number> {
  const result = { code: EXIT_OK };
  const verbose = argv.includes('--verbose');
  try {
    if (argv.length === 0) {
      program(result).outputHelp();
      return EXIT_USAGE;
    }
    await program(result).parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (cause) {
    if (cause instanceof CommanderError) {
      if (cause.code === 'commander.helpDisplayed' || cause.code === 'commander.version' || cause.code === 'commander.help') return EXIT_OK;
      if (cause.code === 'commander.unknownCommand' && !/Did you mean/.test(cause.message)) say(`Commands: ${COMMANDS.join(', ')}.`);
      return EXIT_USAGE;
    }
    if (cause instanceof UsageError) {
      sayUsageError(cause);
      return EXIT_USAGE;
    }
    say(`${c.red('internal error:')} ${(cause as Error)?.message ?? String(cause)}`);
    say('This is a bug in Broadsheet, not in your content. Please report it with the command you ran.');
    if (verbose) say(String((cause as Error)?.stack ?? cause));
    else say('Run again with --verbose to see the stack.');
    return EXIT_INTERNAL;
  }
}
