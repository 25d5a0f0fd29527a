import type { Command } from 'commander';
import { UsageError } from '../messages/errors.js';
import { loadConfig } from '../project/config.js';
import { writeNewArticle } from '../project/new-article.js';
import { EXIT_OK } from '../messages/report.js';
import { clock } from './build.js';
import type { Terminal } from './terminal.js';

export interface NewFlags {
  content: string;
  config?: string;
  format: 'md' | 'txt';
  section?: string;
}

export async function runNew(out: Terminal, headline: string, flags: NewFlags): Promise<number> {
  const title = headline.trim().replace(/\s+/g, ' ');
  if (title === '') throw new UsageError('the headline is empty', 'write it in quotes: broadsheet new "Council approves budget"');
  const { config } = await loadConfig(flags.config, out.io.cwd);
  const display = writeNewArticle({ headline: title, format: flags.format, section: flags.section, content: flags.content }, config, clock(out), out.io.cwd);
  out.io.stdout.write(`${display}\n`);
  if (flags.format === 'txt') out.say(out.c.dim('Wire text has no draft flag: it is published by the next build.'));
  else out.say(out.c.dim('It is a draft (draft: true): `broadsheet dev` shows it; remove the line to publish it.'));
  return EXIT_OK;
}

export function defineNew(root: Command, out: Terminal, result: { code: number }): void {
  root
    .command('new')
    .description('start a new article: a correctly named file with its front matter filled in')
    .argument('<headline>', 'the headline, in quotes')
    .option('--format <format>', 'md (Markdown with front matter) or txt (wire text)', 'md')
    .option('--section <name>', 'the section; the file goes in its desk folder (wire text takes its section from there)')
    .option('--content <dir>', 'folder of articles', 'content')
    .option('--config <file>', 'site config file (default: broadsheet.config.json, when it exists)')
    .addHelpText(
      'after',
      `
Examples:
  $ broadsheet new "Council approves budget"
  $ broadsheet new "Metro line opens" --section City
  $ broadsheet new "Flash: quake hits coast" --format txt --section World

It prints the path of the new file, so you can open it: code "$(broadsheet new "Storm warning")"`,
    )
    .action(async (headline: string, flags: NewFlags) => {
      if (flags.format !== 'md' && flags.format !== 'txt') throw new UsageError(`--format must be md or txt, not ${JSON.stringify(flags.format)}`);
      result.code = await runNew(out, headline, flags);
    });
}
