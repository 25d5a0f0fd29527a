import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';
import { newsroom } from '../fixtures/newsroom.js';
import { buildSite, listFiles, project, ROOT, startCli, writeFiles } from '../helpers.js';

// The sites the browser tests open: the sample site of this repository, a newsroom with every
// feature, and the hostile fixture; each built through the CLI and served on 127.0.0.1.

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the browser tests cannot run here, or null when they can. In CI they must. */
export function browserUnavailable(): string | null {
  if (existsSync(CHROMIUM)) return null;
  return `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium); browser tests skipped`;
}

export interface ServedSite {
  name: string;
  url: string;
  out: string;
  /** Site paths of every HTML page but the redirects of aliases. */
  pages: string[];
  /** Site paths of the pages that redirect (an alias to its article). */
  redirects: string[];
  close(): Promise<void>;
}

/** Serves a folder as static hosts do: `/a/` → `a/index.html`, and `404.html` for what is missing. */
export async function serve(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const files = sirv(root, { dev: true, extensions: ['html'] });
  const server: Server = createServer((request, response) =>
    files(request, response, () => {
      response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      response.end(existsSync(path.join(root, '404.html')) ? readFileSync(path.join(root, '404.html')) : 'Not found');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function pagesOf(out: string): { pages: string[]; redirects: string[] } {
  const pages: string[] = [];
  const redirects: string[] = [];
  for (const file of listFiles(out).filter((name) => name.endsWith('.html'))) {
    const sitePath = `/${file.replace(/index\.html$/, '')}`;
    (readFileSync(path.join(out, file), 'utf8').includes('http-equiv="refresh"') ? redirects : pages).push(sitePath);
  }
  return { pages, redirects };
}

async function buildAndServe(name: string, cwd: string, args: string[] = []): Promise<ServedSite> {
  const { out, result } = buildSite(cwd, { args });
  if (result.code !== 0) throw new Error(`${name} did not build:\n${result.stderr}`);
  const server = await serve(out);
  return { name, url: server.url, out, ...pagesOf(out), close: server.close };
}

/** This repository's sample site, as `npm run build` makes it (with its search index). */
export function sampleSite(): Promise<ServedSite> {
  const cwd = project({});
  for (const entry of listFiles(path.join(ROOT, 'content'))) {
    writeFiles(path.join(cwd, 'content'), { [entry]: readFileSync(path.join(ROOT, 'content', entry)) });
  }
  writeFiles(cwd, { 'broadsheet.config.json': readFileSync(path.join(ROOT, 'broadsheet.config.json')) });
  return buildAndServe('sample', cwd);
}

/** A newsroom with every feature: sections, tags, authors, archives, pagination, images, corrections, aliases, RTL. */
export function featureSite(): Promise<ServedSite> {
  const files = newsroom();
  const keep = Object.keys(files).filter((name) => !/-story-(\d+)\.md$/.test(name) || Number(/-story-(\d+)\.md$/.exec(name)![1]) > 18);
  const cwd = project(Object.fromEntries(keep.map((name) => [name, files[name]!])));
  writeFiles(path.join(cwd, 'content'), {
    'world/2026-11-22-beirut.md':
      '---\ntitle: مرفأ بيروت يستقبل أول سفينة حاويات\ndek: وصلت السفينة صباح السبت.\nauthor: ليلى حداد\ndate: 2026-11-22\nsection: World\nlang: ar\nslug: beirut-port\n---\n\nبيروت — استقبل مرفأ بيروت صباح السبت أول سفينة حاويات.\n',
    'city/2026-11-23-table.md':
      '---\ntitle: Budget lines in a table\ndate: 2026-11-23T08:00:00Z\nsection: City\nauthor: Jane Roe\nimage: {src: /world/photo.svg, alt: A harbour at dawn}\n---\n\nThe lines, with [a link to the world](https://example.org/world).\n\n| Line | Crore |\n| --- | ---: |\n| Buses | 120 |\n| ~~Trams~~ | 0 |\n\n> A quote from the mayor.\n\n1. First\n2. Second\n',
    // Words longer than a phone is wide, in every place a page shows them.
    'city/2026-11-24-long-words.md':
      '---\ntitle: Pneumonoultramicroscopicsilicovolcanoconiosispneumonoultramicroscopicsilicovolcanoconiosis strikes\ndate: 2026-11-24T08:00:00Z\nsection: City\nauthor: Maximilianalexanderbartholomewfitzgeraldmontgomeryvanderbilt\ntags: [Supercalifragilisticexpialidocioussupercalifragilisticexpialidocious]\n---\n\nSee https://example.org/a/very/long/path/that/keeps/going/and/going/without/any/break/at/all/whatsoever for more.\n',
  });
  writeFiles(cwd, {
    'broadsheet.config.json': JSON.stringify({
      title: 'The Test Times',
      description: 'News for browser tests.',
      baseUrl: 'https://news.example/',
      timeZone: 'Asia/Kolkata',
      perPage: 4,
      authors: { 'Jane Roe': { bio: 'Jane covers the city.', url: 'https://example.org/jane' } },
      navigation: ['City', 'World', 'Business'],
    }),
  });
  return buildAndServe('features', cwd, ['--base-url', 'https://news.example/']);
}

/** The hostile fixture of the reliability tests. */
export function hostileSite(): Promise<ServedSite> {
  const cwd = project({});
  for (const entry of listFiles(path.join(ROOT, 'tests', 'fixtures', 'hostile'))) {
    writeFiles(path.join(cwd, 'content'), { [entry]: readFileSync(path.join(ROOT, 'tests', 'fixtures', 'hostile', entry)) });
  }
  return buildAndServe('hostile', cwd);
}

const DEV_ADDRESS = /http:\/\/127\.0\.0\.1:\d+\//;

/** `broadsheet dev` on a free port in `cwd`, once it has said its address; `stop` ends it. */
export async function startDev(cwd: string): Promise<{ url: string; stop(): void }> {
  const child = startCli(['dev', '--port', '0'], { cwd });
  child.stdout.resume();
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  const started = Date.now();
  while (!DEV_ADDRESS.test(output) && Date.now() - started < 30_000) await new Promise((resolve) => setTimeout(resolve, 50));
  const url = DEV_ADDRESS.exec(output)?.[0];
  if (!url) {
    child.kill('SIGINT');
    throw new Error(`broadsheet dev did not say its address:\n${output}`);
  }
  return { url, stop: () => child.kill('SIGINT') };
}
