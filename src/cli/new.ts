import type { Command } from 'commander';
import { UsageError } from '../messages/errors.js';
import { loadConfig } from '../project/config.js';
import { EXIT_OK } from '../messages/report.js';
import { clock } from './build.js';
import type { Terminal } from './terminal.js';

export interface NewFlags {
  content: string;
  config?: string;
  format: 'md' | 'txt';
  section?: string;
  /** A live story: a folder with its index.md, for updates. */
  live?: boolean;
  /** An update, into this live story's folder. */
  update?: string;
}

export async function runNew(out: Terminal, headline: string, flags: NewFlags): Promise<number> {
  // Loaded for `new` alone: every build would otherwise load it to define the command.
  const { shellWord, writeNewArticle, writeNewLiveStory, writeNewLiveUpdate } = await import('../project/new-article.js');
  const title = headline.trim().replace(/\s+/g, ' ');
  if (title === '') {
    const example = flags.update !== undefined ? `broadsheet new --update ${shellWord(flags.update)} "Bridge reopens"` : flags.live ? 'broadsheet new --live "Cyclone Mira makes landfall"' : 'broadsheet new "Council approves budget"';
    throw new UsageError('the headline is empty', `write it in quotes: ${example}`);
  }
  const { config } = await loadConfig(flags.config, out.io.cwd);
  const now = clock(out);
  if (flags.live) {
    const display = writeNewLiveStory({ headline: title, section: flags.section, content: flags.content }, config, now, out.io.cwd);
    out.io.stdout.write(`${display}\n`);
    out.say(out.c.dim('It is a draft (draft: true): `broadsheet dev` shows it; remove the line to publish it.'));
    out.say(out.c.dim(`Add updates as the story moves: broadsheet new --update ${shellWord(display)} "Headline"`));
    return EXIT_OK;
  }
  if (flags.update !== undefined) {
    const display = writeNewLiveUpdate({ headline: title, format: flags.format, folder: flags.update }, config, now, out.io.cwd);
    out.io.stdout.write(`${display}\n`);
    out.say(out.c.dim('An update is not a draft: it is published by the next build, with its story.'));
    return EXIT_OK;
  }
  const display = writeNewArticle({ headline: title, format: flags.format, section: flags.section, content: flags.content }, config, now, out.io.cwd);
  out.io.stdout.write(`${display}\n`);
  if (flags.format === 'txt') out.say(out.c.dim('Wire text has no draft flag: it is published by the next build.'));
  else out.say(out.c.dim('It is a draft (draft: true): `broadsheet dev` shows it; remove the line to publish it.'));
  return EXIT_OK;
}

/** Options that do not go together; a mistake here writes nothing. */
function checkFlags(flags: NewFlags): void {
  if (flags.format !== 'md' && flags.format !== 'txt') throw new UsageError(`--format must be md or txt, not ${JSON.stringify(flags.format)}`);
  if (flags.live && flags.update !== undefined) {
    throw new UsageError('--live and --update do not go together', 'start a live story with --live "Headline", then add updates to its folder with --update <folder> "Headline"');
  }
  if (flags.live && flags.format === 'txt') {
    throw new UsageError("--format txt does not go with --live: a live story's index.md is Markdown", 'leave out --format; its updates can be wire text: broadsheet new --update <folder> "Headline" --format txt');
  }
  if (flags.update !== undefined && flags.section !== undefined) {
    throw new UsageError('--section does not go with --update: an update is in its live story\'s section', 'leave out --section; the story\'s index.md names the section');
  }
}

export function defineNew(root: Command, out: Terminal, result: { code: number }): void {
  root
    .command('new')
    .description('start a new article: a correctly named file with its front matter filled in; or a live story, or an update to one')
    .argument('<headline>', 'the headline, in quotes')
    .option('--format <format>', 'md (Markdown with front matter) or txt (wire text)', 'md')
    .option('--section <name>', 'the section; the file goes in its desk folder (wire text takes its section from there)')
    .option('--live', 'start a live story: a folder <date>-<slug>-live/ with its index.md, for updates')
    .option('--update <dir>', 'add an update to the live story in this folder, timed now')
    .option('--content <dir>', 'folder of articles', 'content')
    .option('--config <file>', 'site config file (default: broadsheet.config.json, when it exists)')
    .addHelpText(
      'after',
      `
Examples:
  $ broadsheet new "Council approves budget"
  $ broadsheet new "Metro line opens" --section City
  $ broadsheet new "Flash: quake hits coast" --format txt --section World
  $ broadsheet new --live "Cyclone Mira makes landfall" --section World
  $ broadsheet new --update content/world/2026-11-20-cyclone-mira-makes-landfall-live "Landfall near the port"
  $ broadsheet new --update content/world/2026-11-20-cyclone-mira-makes-landfall-live "Power cut" --format txt

It prints the path of the new file (with --live, the new folder), so you can open it: code "$(broadsheet new "Storm warning")"
An update is named for the minute it is written (2026-11-20T0830-landfall-near-the-port.md) and is not a draft.`,
    )
    .action(async (headline: string, flags: NewFlags) => {
      checkFlags(flags);
      result.code = await runNew(out, headline, flags);
    });
}
