import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { darkroomsIn, md, parseHtml, project, ROOT, startCli, writeFiles } from './helpers.js';

// The dev server, as a writer uses it: start it, read a page, edit the article, see the page
// change, break a file, see the error over the page, fix it, stop it with Ctrl-C.

async function until<T>(what: string, check: () => T | Promise<T>, timeout = 15_000): Promise<NonNullable<T>> {
  const started = Date.now();
  let last: unknown;
  while (Date.now() - started < timeout) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (cause) {
      last = cause;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

function start(cwd: string): { child: ChildProcess; output: () => string } {
  const child = startCli(['dev', '--port', '0'], { cwd });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

describe('broadsheet dev', () => {
  const cwd = project({
    'city/2026-11-20-council.md': md('title: Council votes\ndate: 2026-11-20T10:00:00Z\nsection: City', 'The council voted.'),
    'city/2026-11-21-draft.md': md('title: A draft\ndate: 2026-11-21\ndraft: true', 'Not yet.'),
    'world/2099-01-01-later.md': md('title: Embargoed story\ndate: 2099-01-01', 'Later.'),
    'world/2026-11-20-storm-live/index.md': md('title: Storm live\nsection: World\nlive:\n  start: 2026-11-20T06:00:00Z', ''),
    'world/2026-11-20-storm-live/0700-first.md': md('title: First update', 'The first words.'),
  });
  // The server starts before the first test, so a failure to start is a failed test.
  let child: ChildProcess;
  let output: () => string;
  beforeAll(() => {
    ({ child, output } = start(cwd));
  });
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });
  let base = '';

  it('should print its URL on a free port and serve the home page and an article', async () => {
    base = await until('the URL', () => /http:\/\/127\.0\.0\.1:\d+\//.exec(output())?.[0]);
    const home = await get(base);
    expect(home.status).toBe(200);
    expect(home.body).toContain('Council votes');
    const article = await get(`${base}2026/11/20/council-votes/`);
    expect(article.status).toBe(200);
    expect(parseHtml(article.body).querySelector('h1.p-name')?.textContent).toBe('Council votes');
    // The live-reload client is there in dev, and the page's policy lets it run.
    expect(article.body).toContain('/__broadsheet/reload.js');
    expect(article.body).toMatch(/script-src &#39;self&#39;/);
    // Each directive once: a repeated one is ignored by the browser, with a console warning.
    const policy = parseHtml(article.body).querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
    const names = policy.split(';').map((directive) => directive.trim().split(' ')[0]);
    expect(names).toEqual([...new Set(names)]);
    expect(names).toContain('connect-src');
  });

  it('should show drafts and embargoed stories, badged', async () => {
    expect(parseHtml((await get(`${base}2026/11/21/a-draft/`)).body).querySelector('.status-badge')?.textContent).toBe('DRAFT');
    expect(parseHtml((await get(`${base}2099/01/01/embargoed-story/`)).body).querySelector('.status-badge')?.textContent).toBe('EMBARGOED');
  });

  it('should serve the site 404 page for a missing URL, as static hosts do', async () => {
    const missing = await get(`${base}no/such/page/`);
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('Page not found');
    expect((await get(`${base}2026/11/20/council-votes/index.html`)).status).toBe(200);
    expect((await get(`${base}assets/style.css`)).status).toBe(200);
    // A folder without its slash is redirected to it, so the page's relative links resolve.
    const bare = await fetch(`${base}2026/11/20/council-votes?from=feed`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/2026/11/20/council-votes/?from=feed');
    // Nothing whose name starts with a dot, such as the build's marker file.
    expect((await get(`${base}.broadsheet`)).status).toBe(404);
    expect((await get(`${base}%2Ebroadsheet`)).status).toBe(404);
  });

  it('should send a live-reload event and show an edit', async () => {
    const events: string[] = [];
    const stream = request(`${base}__broadsheet/events`, (response) => response.on('data', (chunk) => events.push(String(chunk))));
    stream.end();
    await until('the event stream', () => events.length > 0);
    writeFiles(path.join(cwd, 'content'), {
      'city/2026-11-20-council.md': md('title: Council votes\ndate: 2026-11-20T10:00:00Z\nsection: City', 'The council voted again, late at night.'),
    });
    await until('a build event', () => events.some((event) => event.includes('event: build')));
    await until('the edit on the page', async () => (await get(`${base}2026/11/20/council-votes/`)).body.includes('late at night'));
    stream.destroy();
  });

  it('should reload an open live page when an update is saved', async () => {
    const events: string[] = [];
    const stream = request(`${base}__broadsheet/events`, (response) => response.on('data', (chunk) => events.push(String(chunk))));
    stream.end();
    await until('the event stream', () => events.length > 0);
    expect((await get(`${base}2026/11/20/storm-live/`)).body).toContain('First update');
    writeFiles(path.join(cwd, 'content'), { 'world/2026-11-20-storm-live/0815-second.md': md('title: Second update', 'More words.') });
    await until('a build event', () => events.some((event) => event.includes('event: build')));
    const page = await until('the update on the live page', async () => {
      const found = await get(`${base}2026/11/20/storm-live/`);
      return found.body.includes('Second update') ? found.body : null;
    });
    expect([...parseHtml(page).querySelectorAll('.update-list > article')].map((update) => update.id)).toEqual(['update-0815-second', 'update-0700-first']);
    stream.destroy();
  });

  it('should publish a story when an agency file lands in the content folder', async () => {
    const item = { uri: 'urn:example:landed', headline: 'Agency story lands', firstcreated: '2026-11-22T06:00:00Z', body_html: '<p>From the wire.</p>', ednote: 'EDNOTE-DEV-MARKER' };
    writeFiles(path.join(cwd, 'content'), { 'world/landed.json': JSON.stringify(item) });
    const page = await until('the agency story on its page', async () => {
      const found = await get(`${base}2026/11/22/agency-story-lands/`);
      return found.status === 200 ? found.body : null;
    });
    expect(parseHtml(page).querySelector('h1')?.textContent).toBe('Agency story lands');
    expect(page).not.toContain('EDNOTE-DEV-MARKER');
  });

  it('should keep serving with the error over the page when a file breaks, and recover when it is fixed', async () => {
    writeFiles(path.join(cwd, 'content'), { 'city/2026-11-20-council.md': '---\ntitle: Council votes\ndate: 2026-13-45\n---\nBody.\n' });
    const page = await until('the error overlay', async () => {
      const { body } = await get(`${base}2026/11/20/council-votes/`);
      return body.includes('broadsheet-overlay') ? body : null;
    });
    const overlay = parseHtml(page).querySelector('.broadsheet-overlay')!;
    expect(overlay.querySelector('.where')?.textContent).toBe('content/city/2026-11-20-council.md:3:1');
    expect(overlay.textContent).toContain('`date` is not a real date: "2026-13-45"');
    expect(overlay.querySelector('.hint')?.textContent).toContain('YYYY-MM-DD');
    expect(overlay.querySelector('pre mark')?.textContent).toContain('3 | date: 2026-13-45');
    expect(output()).toContain('content/city/2026-11-20-council.md:3:1: error: `date` is not a real date');

    writeFiles(path.join(cwd, 'content'), { 'city/2026-11-20-council.md': md('title: Council votes\ndate: 2026-11-20T10:00:00Z', 'Fixed.') });
    await until('recovery', async () => {
      const { body } = await get(`${base}2026/11/20/council-votes/`);
      return !body.includes('broadsheet-overlay') && body.includes('Fixed.');
    });
  });

  it.skipIf(process.platform !== 'linux')('should keep one process for pictures through the session, not start one for each headline edited', async () => {
    // The first build drew the stories' cards.
    const [first, ...others] = await until('the darkroom', () => (darkroomsIn(cwd).length > 0 ? darkroomsIn(cwd) : null));
    expect(others).toEqual([]);
    writeFiles(path.join(cwd, 'content'), { 'city/2026-11-20-council.md': md('title: Council votes again\ndate: 2026-11-20T10:00:00Z', 'Fixed.') });
    // A new headline is a new card, drawn where the last ones were.
    const page = await until('the new headline', async () => {
      const { body } = await get(`${base}2026/11/20/council-votes-again/`);
      return body.includes('Council votes again') ? parseHtml(body) : null;
    });
    const card = page.querySelector('meta[property="og:image"]')!.getAttribute('content')!;
    expect((await fetch(new URL(card, base))).status).toBe(200);
    expect(darkroomsIn(cwd)).toEqual([first]);
  });

  it('should stop on SIGINT with exit code 0, leaving nothing listening', async () => {
    const port = Number(new URL(base).port);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const started = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('error', () => resolve(true));
    });
    expect(refused).toBe(true);
    expect(darkroomsIn(cwd)).toEqual([]);
  });
});

describe('broadsheet dev with a theme that writes the policy before naming it', () => {
  const cwd = project({ 'city/2026-11-20-council.md': md('title: Council votes\ndate: 2026-11-20T10:00:00Z\nsection: City', 'The council voted.') });
  const base = readFileSync(path.join(ROOT, 'templates', 'layouts', 'base.liquid'), 'utf8');
  const forward = '<meta http-equiv="Content-Security-Policy" content="{{ page.csp }}">';
  writeFiles(path.join(cwd, 'templates'), { 'layouts/base.liquid': base.replace(forward, '<meta content="{{ page.csp }}" http-equiv="Content-Security-Policy">') });
  let child: ChildProcess;
  let output: () => string;
  beforeAll(() => {
    expect(base).toContain(forward);
    ({ child, output } = start(cwd));
  });
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('should still let the live-reload script run and open its event stream', async () => {
    const url = await until('the URL', () => /http:\/\/127\.0\.0\.1:\d+\//.exec(output())?.[0]);
    const { body } = await get(`${url}2026/11/20/council-votes/`);
    expect(body).toContain('<meta content="');
    expect(body).toContain('/__broadsheet/reload.js');
    const policy = parseHtml(body).querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
    const sources = (name: string) => policy.split(';').map((directive) => directive.trim().split(/\s+/)).find(([directive]) => directive === name)?.slice(1);
    expect(sources('script-src')).toContain("'self'");
    expect(sources('connect-src')).toContain("'self'");
  });
});

describe('broadsheet dev on a port that is taken', () => {
  it('should say so and exit 2, as for any usage mistake', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = holder.address() as AddressInfo;
      const cwd = project({ 'a.md': md('title: A') });
      const child = startCli(['dev', '--port', String(port)], { cwd });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      // Were it to start after all, it is stopped rather than left running.
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      clearTimeout(timer);
      expect(code).toBe(2);
      expect(stderr).toContain(`error: port ${port} on 127.0.0.1 is already in use`);
      expect(stderr).toContain('--port 0');
    } finally {
      holder.close();
    }
  });
});
