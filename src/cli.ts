import { stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import pc from 'picocolors';
import { build, type BuildResult } from './build.js';
import { loadConfig, parseConfig } from './config.js';
import { findContent, readArticle, readImageSizes, readTheme } from './content/load.js';
import { UsageError } from './errors.js';
import {
  collectDiagnostics,
  EXIT_CONTENT,
  EXIT_OK,
  EXIT_USAGE,
  exitCodeFor,
  formatDiagnostic,
  summarise,
} from './report.js';
import type { BuildOptions, SiteConfig } from './types.js';
import { checkOutputFolder, WriteAborted, writeSite } from './write.js';

// argv → build | check. The only module that touches `process`.

const EXIT_INTERNAL = 70;
const EXIT_INTERRUPTED = 130;

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

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

async function exists(folder: string): Promise<boolean> {
  return (await stat(folder).catch(() => null))?.isDirectory() ?? false;
}

interface Prepared {
  config: SiteConfig;
  result: BuildResult;
  contentDir: string;
  templatesDir: string | undefined;
}

async function prepare(flags: CommonFlags, options: Omit<BuildOptions, 'now'>): Promise<Prepared> {
  const cwd = process.cwd();
  const now = clock();
  let { config } = await loadConfig(flags.config, cwd);
  if (flags.baseUrl !== undefined) {
    // A base URL on the command line means a build for hosting: pretty links under it.
    config = { ...config, baseUrl: parseConfig({ baseUrl: flags.baseUrl }, '--base-url').baseUrl, relativeLinks: false };
  }
  const templatesDir = flags.templates ?? ((await exists(path.resolve(cwd, 'templates'))) ? 'templates' : undefined);
  const [tree, theme] = await Promise.all([findContent(flags.content, cwd), readTheme(templatesDir, cwd)]);
  const imageSizes = await readImageSizes(tree.assets);
  const files = [];
  for (let i = 0; i < tree.articles.length; i += 64) {
    files.push(...(await Promise.all(tree.articles.slice(i, i + 64).map(readArticle))));
  }
  const result = await build({
    config,
    options: { ...options, now },
    files,
    problems: tree.problems,
    assets: tree.assets,
    theme,
    imageSize: (sourcePath) => imageSizes.get(sourcePath) ?? null,
  });
  return { config, result, contentDir: flags.content, templatesDir };
}

function printDiagnostics(result: BuildResult, strict: boolean, quiet: boolean): { errors: number; warnings: number } {
  const diagnostics = collectDiagnostics(result.files, strict);
  for (const diagnostic of diagnostics) {
    if (quiet && diagnostic.severity !== 'error') continue;
    say(formatDiagnostic(diagnostic, colors));
  }
  return summarise(diagnostics);
}

async function runBuild(flags: BuildFlags): Promise<number> {
  const started = performance.now();
  const cwd = process.cwd();
  const { result, contentDir, templatesDir } = await prepare(flags, { drafts: Boolean(flags.drafts), future: Boolean(flags.future) });
  const { errors, warnings } = printDiagnostics(result, false, Boolean(flags.quiet));
  if (errors > 0 || !result.site) {
    say(c.red(`${errors} error${errors === 1 ? '' : 's'}: nothing was written; ${flags.out} is as it was.`));
    return EXIT_CONTENT;
  }
  checkOutputFolder(flags.out, [
    { path: path.resolve(cwd, contentDir), what: 'content folder' },
    ...(templatesDir ? [{ path: path.resolve(cwd, templatesDir), what: 'templates folder' }] : []),
    { path: cwd, what: 'project root' },
  ]);

  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    say(`${signal}: stopping the build…`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const stats = await writeSite(flags.out, result.outputs, { aborted: () => interrupted });
    if (!flags.quiet) {
      for (const notice of result.notices) say(c.dim(`note: ${notice}`));
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const pages = result.outputs.filter((output) => output.path.endsWith('.html')).length;
      say(
        `${c.green('Built')} ${result.site.articles.length} articles, ${pages} pages into ${flags.out}/ in ${seconds} s ` +
          `(${stats.written} written, ${stats.unchanged} unchanged, ${stats.removed} removed` +
          `${warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}).`,
      );
    }
    return EXIT_OK;
  } catch (cause) {
    if (cause instanceof WriteAborted) {
      say('Build stopped; every file in the output is complete (old or new). Run the build again to finish.');
      return EXIT_INTERRUPTED;
    }
    throw cause;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function runCheck(flags: CheckFlags): Promise<number> {
  const { result } = await prepare(flags, { drafts: true, future: true });
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
    .version(packageJson.version, '-v, --version')
    .showSuggestionAfterError(true)
    .configureOutput({ writeErr: (text) => process.stderr.write(text), writeOut: (text) => process.stdout.write(text) })
    .exitOverride();

  commonOptions(root.command('build'))
    .description('build the site into the output folder')
    .option('--out <dir>', 'output folder', 'dist')
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
