import { readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import sirv from 'sirv';
import { UsageError } from './messages/errors.js';
import { escapeHtml } from './escape.js';
import type { Diagnostic } from './messages/report.js';

// The writer's loop: serve the preview build, watch content, templates and config, rebuild what
// changed, and tell open pages to reload. A broken file never stops the server: its message is
// shown over the page (file, line, hint and the lines around it) until the file is fixed.

const EVENTS = '/__broadsheet/events';
const CLIENT = '/__broadsheet/reload.js';
const OVERLAY_CSS = '/__broadsheet/overlay.css';

// Reload on every finished build; the server puts any error over the page it serves next.
const CLIENT_SCRIPT = `(() => {
  const source = new EventSource(${JSON.stringify(EVENTS)});
  source.addEventListener('build', () => location.reload());
})();
`;

const OVERLAY_STYLE = `.broadsheet-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem 1rem;background:rgba(20,20,20,.94);color:#f4f1ea;font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.broadsheet-overlay>div{max-width:60rem;margin:0 auto}
.broadsheet-overlay h2{margin:0 0 1rem;color:#ff8f87;font-size:1.2rem}
.broadsheet-overlay section{margin:0 0 1.5rem;padding:1rem;border-left:4px solid #ff8f87;background:#1f1f1f}
.broadsheet-overlay .where{color:#9ecbff;font-weight:700}
.broadsheet-overlay .hint{color:#b6e3a8}
.broadsheet-overlay pre{margin:.75rem 0 0;padding:.5rem;overflow:auto;background:#111;color:#ddd}
.broadsheet-overlay mark{background:#5a1d1d;color:#fff}
`;

export interface DevBuildOutcome {
  /** Errors of a build that failed; empty when the build succeeded. */
  errors: Diagnostic[];
}

export interface DevServerOptions {
  /** The folder the preview build is written to. */
  outDir: string;
  host: string;
  port: number;
  /** Files and folders whose changes mean a rebuild. */
  watch: string[];
  /** Builds the preview; resolves once it is written (or has failed). */
  rebuild(): Promise<DevBuildOutcome>;
  /** Where to read a file named in a message, for the code frame. */
  resolveFile(file: string): string;
  /** Folder that file names in log lines are relative to. */
  cwd: string;
  log(line: string): void;
}

export interface DevServer {
  url: string;
  close(): Promise<void>;
}

/** The lines around `line` of a file, the line itself marked, for the error overlay. */
export function codeFrame(file: string, line: number | null, context = 2): string {
  if (line === null) return '';
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split(/\r\n?|\n/);
  } catch {
    return '';
  }
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const rows: string[] = [];
  for (let number = first; number <= last; number++) {
    const text = `${number === line ? '>' : ' '} ${String(number).padStart(width)} | ${lines[number - 1] ?? ''}`;
    rows.push(number === line ? `<mark>${escapeHtml(text)}</mark>` : escapeHtml(text));
  }
  return rows.join('\n');
}

function overlayHtml(errors: Diagnostic[], resolveFile: (file: string) => string): string {
  const sections = errors.map((error) => {
    const where = error.line === null ? error.file : `${error.file}:${error.line}:${error.column ?? 1}`;
    const frame = codeFrame(resolveFile(error.file), error.line);
    return `<section><p class="where">${escapeHtml(where)}</p><p>${escapeHtml(error.message)}${error.ruleId ? ` [${escapeHtml(error.ruleId)}]` : ''}</p>${
      error.hint ? `<p class="hint">hint: ${escapeHtml(error.hint)}</p>` : ''
    }${frame ? `<pre>${frame}</pre>` : ''}</section>`;
  });
  return `<div class="broadsheet-overlay" role="alert"><div><h2>The site did not build: ${errors.length} error${errors.length === 1 ? '' : 's'}</h2>${sections.join('')}<p>Fix the file and save: this page reloads by itself.</p></div></div>`;
}

/** What the request handlers and the rebuild loop share: the newest build's errors reach the next page served. */
interface Preview {
  root: string;
  errors: Diagnostic[];
  clients: Set<ServerResponse>;
  resolveFile(file: string): string;
}

type Assets = ReturnType<typeof sirv>;

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const preview: Preview = { root: path.resolve(options.outDir), errors: [], clients: new Set<ServerResponse>(), resolveFile: options.resolveFile };
  const assets = sirv(preview.root, { dev: true, dotfiles: false, extensions: [] });
  const rebuild = serialRebuild(options, preview);

  await rebuild();

  const server = createPreviewServer(preview, assets, options.log);
  await listen(server, options.host, options.port);
  const url = serverUrl(server);
  const watcher = await watchForChanges(options, rebuild);

  return {
    url,
    async close() {
      await watcher.close();
      for (const client of preview.clients) client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function decorate(preview: Preview, html: string): string {
  const extra = `<link rel="stylesheet" href="${OVERLAY_CSS}"><script src="${CLIENT}" defer></script>${
    preview.errors.length > 0 ? overlayHtml(preview.errors, preview.resolveFile) : ''
  }`;
  return html.includes('</body>') ? html.replace(/<\/body>(?![\s\S]*<\/body>)/, `${extra}</body>`) : html + extra;
}

/**
 * Resolves a URL as static hosts do: `/a/` → `a/index.html`, `/a` → `a.html`, or a redirect to
 * `/a/` when that is a folder (its page's relative links assume the slash).
 */
function htmlFile(root: string, pathname: string): { file: string } | { redirect: string } | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const relative = path.posix.normalize(decoded).replace(/^\/+/, '');
  if (relative.startsWith('..') || relative.includes('\0')) return null;
  const candidates = relative === '' || relative.endsWith('/') ? [`${relative}index.html`] : [relative, `${relative}.html`, `${relative}/index.html`];
  for (const candidate of candidates) {
    if (!candidate.endsWith('.html')) continue;
    const file = path.join(root, candidate);
    if (!file.startsWith(root + path.sep) || !isFile(file)) continue;
    return candidate === `${relative}/index.html` ? { redirect: `${pathname}/` } : { file };
  }
  return null;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function sendHtml(preview: Preview, response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(decorate(preview, html));
}

function sendNotFound(preview: Preview, response: ServerResponse): void {
  const notFound = path.join(preview.root, '404.html');
  const page = isFile(notFound)
    ? readFileSync(notFound, 'utf8')
    : '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Preview</title></head><body><h1>No preview yet</h1><p>The site has not built yet.</p></body></html>';
  sendHtml(preview, response, 404, page);
}

function handle(preview: Preview, assets: Assets, request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (serveOwnFile(preview, url.pathname, request, response)) return;
  // Like a static host, nothing whose name starts with a dot (the build's own marker file).
  if (hasDotSegment(url.pathname)) {
    sendNotFound(preview, response);
    return;
  }
  const found = htmlFile(preview.root, url.pathname);
  if (found && 'redirect' in found) {
    response.writeHead(301, { location: `${found.redirect}${url.search}`, 'cache-control': 'no-store' });
    response.end();
    return;
  }
  if (found) {
    sendHtml(preview, response, 200, readFileSync(found.file, 'utf8'));
    return;
  }
  assets(request, response, () => sendNotFound(preview, response));
}

/** The event stream, reload script and overlay style, which are the server's and not the build's. */
function serveOwnFile(preview: Preview, pathname: string, request: IncomingMessage, response: ServerResponse): boolean {
  if (pathname === EVENTS) {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(': connected\n\n');
    preview.clients.add(response);
    request.on('close', () => preview.clients.delete(response));
    return true;
  }
  if (pathname === CLIENT) {
    response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    response.end(CLIENT_SCRIPT);
    return true;
  }
  if (pathname === OVERLAY_CSS) {
    response.writeHead(200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-store' });
    response.end(OVERLAY_STYLE);
    return true;
  }
  return false;
}

function hasDotSegment(pathname: string): boolean {
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(pathname);
  } catch {
    decodedPath = pathname;
  }
  return decodedPath.split(/[/\\]/).some((segment) => segment.startsWith('.'));
}

function announce(preview: Preview): void {
  const data = JSON.stringify({ ok: preview.errors.length === 0, errors: preview.errors.length });
  for (const client of preview.clients) client.write(`event: build\ndata: ${data}\n\n`);
}

// One build at a time; changes during a build mean one more build after it.
function serialRebuild(options: DevServerOptions, preview: Preview): () => Promise<void> {
  let building: Promise<void> | null = null;
  let again = false;
  return async function rebuild(): Promise<void> {
    if (building) {
      again = true;
      return building;
    }
    building = (async () => {
      do {
        again = false;
        const outcome = await options.rebuild();
        preview.errors = outcome.errors;
        announce(preview);
      } while (again);
    })();
    try {
      await building;
    } finally {
      building = null;
    }
  };
}

function createPreviewServer(preview: Preview, assets: Assets, log: (line: string) => void): Server {
  return createServer((request, response) => {
    try {
      handle(preview, assets, request, response);
    } catch (cause) {
      // A request must never take the preview down.
      log(`could not serve ${request.url}: ${(cause as Error).message}`);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Internal error in the preview server.');
    }
  });
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (cause: NodeJS.ErrnoException) => {
      // A port someone else holds, or an address this machine does not have, is the user's to change.
      if (cause.code === 'EADDRINUSE') reject(new UsageError(`port ${port} on ${host} is already in use`, 'stop what is using it, or pass --port 0 to pick a free port'));
      else if (cause.code === 'EADDRNOTAVAIL' || cause.code === 'ENOTFOUND' || cause.code === 'EACCES') {
        reject(new UsageError(`cannot listen on ${host}:${port} (${cause.code})`, 'pass --host 127.0.0.1, or a port above 1023'));
      } else reject(cause);
    });
    server.listen(port, host, () => resolve());
  });
}

function serverUrl(server: Server): string {
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}/`;
}

async function watchForChanges(options: DevServerOptions, rebuild: () => Promise<void>): Promise<{ close(): Promise<void> }> {
  let timer: NodeJS.Timeout | null = null;
  // Editors' swap and backup files start with a dot; they are not content.
  const watcher: FSWatcher = watch(options.watch, { ignoreInitial: true, ignored: (file) => path.basename(file).startsWith('.') });
  watcher.on('all', (_event, file) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      options.log(`changed: ${path.relative(options.cwd, file) || file}`);
      void rebuild();
    }, 40);
  });
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
