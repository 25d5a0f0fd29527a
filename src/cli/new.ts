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
