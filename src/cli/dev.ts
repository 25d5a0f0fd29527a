import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../messages/errors.js';
import { darkroomFor, PREVIEW_CACHE, PREVIEW_OUT, templatesFolder } from '../project/index.js';
import type { Darkroom } from '../images/darkroom.js';
import { EXIT_OK } from '../messages/report.js';
import { run, type CommonFlags } from './build.js';
import { commonOptions, reportRun, sayUsageError, usageDiagnostics, type Terminal } from './terminal.js';

export interface DevFlags extends CommonFlags {
  out?: string;
  port: string;
  host: string;
  open?: boolean;
}

function openInBrowser(out: Terminal, url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => out.say(out.c.dim(`(could not open a browser; visit ${url})`)));
    child.unref();
  } catch {
    out.say(out.c.dim(`(could not open a browser; visit ${url})`));
  }
}

export async function runDev(out: Terminal, flags: DevFlags): Promise<number> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not ${JSON.stringify(flags.port)}`);
  // One for the session, however it ends: its process would keep this one running.
  const darkroom = darkroomFor(out.io.env['BROADSHEET_WORKERS']);
  try {
    return await preview(out, flags, port, darkroom);
  } finally {
    await darkroom.close();
  }
}

async function preview(out: Terminal, flags: DevFlags, port: number, darkroom: Darkroom): Promise<number> {
  const { cwd } = out.io;
  const outDir = flags.out ?? PREVIEW_OUT;
  let stopping = false;
  const { startDevServer } = await import('../serve.js');
  const templatesDir = templatesFolder(flags, cwd);
  const configFile = path.resolve(cwd, flags.config ?? 'broadsheet.config.json');
  const server = await startDevServer({
    outDir: path.resolve(cwd, outDir),
    host: flags.host,
    port,
    cwd,
    watch: [path.resolve(cwd, flags.content), ...(templatesDir ? [path.resolve(cwd, templatesDir)] : []), configFile],
    resolveFile: (file) => path.resolve(cwd, file),
    log: (line) => {
      if (!flags.quiet) out.say(out.c.dim(line));
    },
    async rebuild() {
      try {
        // No search index in the preview: indexing every article again on each save would
        // make the loop slow, and `broadsheet build` makes it.
        const outcome = await run(out, flags, { drafts: true, future: true, search: false, dev: true }, { outDir, cacheDir: path.resolve(cwd, PREVIEW_CACHE) }, () => stopping, { command: 'dev', darkroom });
        const { errors, diagnostics } = reportRun(out, outcome, outDir, flags);
        return { errors: errors > 0 ? diagnostics.filter((diagnostic) => diagnostic.severity === 'error') : [] };
      } catch (cause) {
        // A config or usage mistake (a bad key, a missing folder) is shown like a content error.
        if (cause instanceof UsageError) {
          sayUsageError(out, cause);
          return { errors: usageDiagnostics(cause) };
        }
        throw cause;
      }
    },
  });
  out.say(`${out.c.green('Preview')} with drafts and embargoed stories: ${out.c.bold(server.url)}`);
  out.say(out.c.dim('Watching content, templates and config. Press Ctrl-C to stop.'));
  if (flags.open) openInBrowser(out, server.url);
  await new Promise<void>((resolve) => {
    const stopListening = out.io.onSignal(() => {
      if (stopping) return;
      stopping = true;
      stopListening();
      void server.close().then(resolve);
    });
  });
  out.say('Stopped.');
  return EXIT_OK;
}

export function defineDev(root: Command, out: Terminal, result: { code: number }): void {
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
}
