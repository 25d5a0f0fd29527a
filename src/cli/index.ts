import { Command, CommanderError, Option } from 'commander';
import pc from 'picocolors';
import { UsageError } from '../messages/errors.js';
import { DEFAULT_CACHE, PREVIEW_OUT } from '../project/index.js';
import { VERSION } from '../project/version.js';
import { EXIT_OK, EXIT_USAGE } from '../messages/report.js';
import { runBuild, runCheck, type BuildFlags, type CheckFlags } from './build.js';
import { runDev, type DevFlags } from './dev.js';
import { runNew, type NewFlags } from './new.js';
import { processIO, sayUsageError, terminal, type CliIO, type Terminal } from './terminal.js';

// argv → build | check | dev | new: a thin shell over the project layer.

const EXIT_INTERNAL = 70;

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

function program(out: Terminal, result: { code: number }): Command {
  const root = new Command('broadsheet')
    .description('Build a fast, accessible, standards-complete news site from plain wire text and Markdown.')
    .version(VERSION, '-v, --version')
    .usage('<command> [options]')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeErr: (text) => void out.io.stderr.write(text),
      writeOut: (text) => void out.io.stdout.write(text),
      outputError: (text, write) => write(out.colors ? pc.red(text) : text),
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
      result.code = await runBuild(out, flags);
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
      result.code = await runCheck(out, flags);
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
      result.code = await runDev(out, flags);
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
      result.code = await runNew(out, headline, flags);
    });

  return root;
}

/** The command line: `argv` without the node and script paths; `io` is the process, or a test's stand-in. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const out = terminal(io);
  const { say, c } = out;
  const result = { code: EXIT_OK };
  const verbose = argv.includes('--verbose');
  try {
    if (argv.length === 0) {
      program(out, result).outputHelp();
      return EXIT_USAGE;
    }
    await program(out, result).parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (cause) {
    if (cause instanceof CommanderError) {
      if (cause.code === 'commander.helpDisplayed' || cause.code === 'commander.version' || cause.code === 'commander.help') return EXIT_OK;
      if (cause.code === 'commander.unknownCommand' && !/Did you mean/.test(cause.message)) say(`Commands: ${COMMANDS.join(', ')}.`);
      return EXIT_USAGE;
    }
    if (cause instanceof UsageError) {
      sayUsageError(out, cause);
      return EXIT_USAGE;
    }
    say(`${c.red('internal error:')} ${(cause as Error)?.message ?? String(cause)}`);
    say('This is a bug in Broadsheet, not in your content. Please report it with the command you ran.');
    if (verbose) say(String((cause as Error)?.stack ?? cause));
    else say('Run again with --verbose to see the stack.');
    return EXIT_INTERNAL;
  }
}
