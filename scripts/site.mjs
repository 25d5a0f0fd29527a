// @ts-check
// Builds this repository's sample site into a temporary folder and serves it on 127.0.0.1, for
// the screenshot and audit scripts.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * The sample site, built with `args`, served (on `port`, or a free one); resolves to its URL, its
 * folder and a close().
 * @param {{ content?: Record<string, string | Uint8Array> }} [options] `content`: files to add to
 *   the copy of the content folder before the build, each path (relative to content/) to its text or bytes
 */
export async function serveSample(args = [], port = 0, options = {}) {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'broadsheet-sample-'));
  cpSync(path.join(ROOT, 'content'), path.join(cwd, 'content'), { recursive: true });
  for (const [relative, data] of Object.entries(options.content ?? {})) {
    const file = path.join(cwd, 'content', relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
  }
  cpSync(path.join(ROOT, 'broadsheet.config.json'), path.join(cwd, 'broadsheet.config.json'));
  const built = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'broadsheet.js'), 'build', '--out', 'out', '--quiet', ...args], { cwd, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`the sample site did not build:\n${built.stderr}`);
  const out = path.join(cwd, 'out');
  const files = sirv(out, { dev: true, extensions: ['html'] });
  const server = createServer((request, response) =>
    files(request, response, () => {
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      response.end(existsSync(path.join(out, '404.html')) ? readFileSync(path.join(out, '404.html')) : 'Not found');
    }),
  );
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const listening = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${listening}/`, out, close: () => new Promise((resolve) => server.close(() => resolve(undefined))) };
}

export const SEED_PATH = '/islamic-state-jk-commander-ishfaq-ahmad-sofi-killed-in-shopian-encounter/';
