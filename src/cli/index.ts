import { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { UsageError } from '../messages/errors.js';
import { VERSION } from '../project/version.js';
import { EXIT_OK, EXIT_USAGE } from '../messages/report.js';
import { defineBuild, defineCheck } from './build.js';
import { defineDev } from './dev.js';
import { defineNew } from './new.js';
import { processIO, sayUsageError, terminal, type CliIO, type Terminal } from './terminal.js';

// argv → build | check | dev | new: a thin shell over the project layer.

const EXIT_INTERNAL = 70;

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

  defineBuild(root, out, result);
  defineCheck(root, out, result);
  defineDev(root, out, result);
  defineNew(root, out, result);
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
