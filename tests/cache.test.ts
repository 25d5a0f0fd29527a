import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite, listFiles, md, project, tempDir, writeFiles } from './helpers.js';

// The build cache must never change what a build produces: after any edit, an incremental
// build gives exactly the bytes a cold build of the edited content gives, and leaves every
// file that did not depend on the edit untouched (same inode, same mtime).


function site(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) {
    const day = String((i % 20) + 1).padStart(2, '0');
    files[`${i % 2 ? 'world' : 'city'}/2026-11-${day}-s${i}.md`] = md(
      `title: Story ${i}\ndek: Dek ${i}\nauthor: ${['Jane Roe', 'Sam Poe'][i % 2]}\ndate: 2026-11-${day}T10:00:00Z\nsection: ${i % 2 ? 'World' : 'City'}\ntags: [T${i % 5}, Common]`,
      `Body of story ${i}, linking [another](2026-11-${day}-s${i}.md).`,
    );
  }
  files['wire/2026-11-21-w.txt'] = 'Wire story\nBy Ana Lima\nKOCHI (PTI) - Text.\nSource: PTI';
  return files;
}

const CONFIG = JSON.stringify({ baseUrl: 'https://news.example/', perPage: 5 });

interface Snapshot {
  hash: string;
  ino: number;
  mtimeMs: number;
}

function snapshot(out: string): Map<string, Snapshot> {
  return new Map(
    listFiles(out).map((file) => {
      const full = path.join(out, file);
      const info = statSync(full);
      return [file, { hash: createHash('sha256').update(readFileSync(full)).digest('hex'), ino: info.ino, mtimeMs: info.mtimeMs }];
    }),
  );
}

/** Builds through the CLI and expects it to succeed without errors. */
function build(cwd: string, args: string[] = []) {
  const { result } = buildSite(cwd, { args });
  expect(result.stderr).not.toContain('error');
  expect(result.code).toBe(0);
  return result;
}

/** A project built once (so the cache is warm), and a function to apply an edit to it. */
function warmProject(): string {
  const cwd = project(site());
  writeFiles(cwd, { 'broadsheet.config.json': CONFIG });
  build(cwd);
  return cwd;
}

/** Builds a copy of the project's inputs from scratch, without any cache. */
function coldBuild(cwd: string): Map<string, Snapshot> {
  const copy = tempDir();
  for (const name of readdirSync(cwd)) {
    if (name === 'out' || name === 'node_modules') continue;
    cpSync(path.join(cwd, name), path.join(copy, name), { recursive: true });
  }
  build(copy, ['--no-cache']);
  return snapshot(path.join(copy, 'out'));
}

function expectSameBytes(actual: Map<string, Snapshot>, expected: Map<string, Snapshot>): void {
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [file, { hash }] of expected) expect(actual.get(file)?.hash, file).toBe(hash);
}

/** Files whose bytes did not change must not have been touched at all. */
function expectUntouchedUnlessChanged(before: Map<string, Snapshot>, after: Map<string, Snapshot>): string[] {
  const changed: string[] = [];
  for (const [file, was] of before) {
    const now = after.get(file);
    if (!now) continue;
    if (now.hash === was.hash) {
      expect(now.ino, file).toBe(was.ino);
      expect(now.mtimeMs, file).toBe(was.mtimeMs);
    } else changed.push(file);
  }
  return changed;
}

describe('the build cache', () => {
  it('should carry into a fresh clone, where every file has a new date and inode: nothing parsed again, nothing stale', () => {
    // CI restores the cache (actions/cache) into a new checkout with no output folder.
    const cwd = project(site());
    writeFiles(cwd, { 'broadsheet.config.json': CONFIG });
    build(cwd, ['--cache', '.broadsheet-cache']);
    const clone = tempDir();
    cpSync(path.join(cwd, 'content'), path.join(clone, 'content'), { recursive: true });
    cpSync(path.join(cwd, 'broadsheet.config.json'), path.join(clone, 'broadsheet.config.json'));
    cpSync(path.join(cwd, '.broadsheet-cache'), path.join(clone, '.broadsheet-cache'), { recursive: true, preserveTimestamps: true });
    const later = new Date(Date.now() + 60_000);
    for (const file of listFiles(path.join(clone, 'content'))) utimesSync(path.join(clone, 'content', file), later, later);

    const warm = build(clone, ['--cache', '.broadsheet-cache', '--verbose']);
    expect(warm.stderr).toContain(`0 of ${Object.keys(site()).length} article files parsed`);
    expectSameBytes(snapshot(path.join(clone, 'out')), coldBuild(cwd));

    // And an edit made after the restore is built, not taken from the cache.
    writeFiles(path.join(clone, 'content'), { 'city/2026-11-01-s0.md': md('title: Story 0 rewritten\ndate: 2026-11-01T10:00:00Z\nsection: City', 'New words.') });
    const edited = build(clone, ['--cache', '.broadsheet-cache', '--verbose']);
    expect(edited.stderr).toContain(`1 of ${Object.keys(site()).length} article files parsed`);
    expectSameBytes(snapshot(path.join(clone, 'out')), coldBuild(clone));
  });

  it('should write nothing on a rebuild with no change', () => {
    const cwd = warmProject();
    const before = snapshot(path.join(cwd, 'out'));
    const result = build(cwd);
    expect(result.stderr).toMatch(/Up to date: .*0 written, \d+ unchanged, 0 removed\)/);
    expectUntouchedUnlessChanged(before, snapshot(path.join(cwd, 'out')));
  });

  it('should write nothing when a file is saved again without a change', () => {
    const cwd = warmProject();
    const before = snapshot(path.join(cwd, 'out'));
    const file = path.join(cwd, 'content', 'city/2026-11-01-s0.md');
    writeFileSync(file, readFileSync(file));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const result = build(cwd);
    expect(result.stderr).toMatch(/Built .*\(0 written, \d+ unchanged, 0 removed\)/);
    expectUntouchedUnlessChanged(before, snapshot(path.join(cwd, 'out')));
  });

  it('should rebuild an edited article exactly as a cold build would, touching only what shows it', () => {
    const cwd = warmProject();
    const before = snapshot(path.join(cwd, 'out'));
    writeFiles(path.join(cwd, 'content'), { 'city/2026-11-01-s0.md': md('title: Story 0\ndek: Dek 0 rewritten\nauthor: Jane Roe\ndate: 2026-11-01T10:00:00Z\nsection: City\ntags: [T0, Common]', 'New body.') });
    const result = build(cwd);
    const after = snapshot(path.join(cwd, 'out'));
    expectSameBytes(after, coldBuild(cwd));
    const changed = expectUntouchedUnlessChanged(before, after);
    expect(changed).toContain('2026/11/01/story-0/index.html');
    expect(changed.length).toBeLessThan(before.size / 2);
    expect(result.stderr).toMatch(/\((\d+) written/);
  });

  it('should rebuild after a body-only edit without touching the lists', () => {
    const cwd = warmProject();
    const before = snapshot(path.join(cwd, 'out'));
    writeFiles(path.join(cwd, 'content'), { 'city/2026-11-01-s0.md': md('title: Story 0\ndek: Dek 0\nauthor: Jane Roe\ndate: 2026-11-01T10:00:00Z\nsection: City\ntags: [T0, Common]', 'Only the body changed.') });
    build(cwd);
    const after = snapshot(path.join(cwd, 'out'));
    expectSameBytes(after, coldBuild(cwd));
    const changed = expectUntouchedUnlessChanged(before, after);
    expect(changed.filter((file) => file.endsWith('.html'))).toEqual(['2026/11/01/story-0/index.html']);
  });

  it('should re-render the pages that use an edited template, and only those', () => {
    const cwd = warmProject();
    const before = snapshot(path.join(cwd, 'out'));
    const original = readFileSync(path.join(import.meta.dirname, '..', 'templates', 'article.liquid'), 'utf8');
    writeFiles(path.join(cwd, 'templates'), { 'article.liquid': original.replace('<footer class="article-footer">', '<footer class="article-footer edited">') });
    build(cwd);
    const after = snapshot(path.join(cwd, 'out'));
    expectSameBytes(after, coldBuild(cwd));
    const changed = expectUntouchedUnlessChanged(before, after);
    expect(changed.length).toBe(41);
    expect(changed.every((file) => /^(2026\/11\/\d\d\/[^/]+)\/index\.html$/.test(file))).toBe(true);
  });

  it.each([
    ['partials/footer.liquid', '<footer class="site-footer">', '<footer class="site-footer edited">'],
    ['partials/teaser.liquid', 'class="teaser', 'class="edited teaser'],
  ])('should re-render the pages that show an edited %s, which pages reach through a filter', (name, from, to) => {
    const cwd = warmProject();
    const original = readFileSync(path.join(import.meta.dirname, '..', 'templates', name), 'utf8');
    expect(original).toContain(from);
    writeFiles(path.join(cwd, 'templates'), { [name]: original.replace(from, to) });
    build(cwd);
    expectSameBytes(snapshot(path.join(cwd, 'out')), coldBuild(cwd));
  });

  it('should rebuild correctly after a config edit', () => {
    const cwd = warmProject();
    writeFiles(cwd, { 'broadsheet.config.json': JSON.stringify({ baseUrl: 'https://news.example/', perPage: 7, title: 'Renamed' }) });
    build(cwd);
    expectSameBytes(snapshot(path.join(cwd, 'out')), coldBuild(cwd));
  });

  it('should remove the pages of a deleted article', () => {
    const cwd = warmProject();
    rmSync(path.join(cwd, 'content', 'city/2026-11-01-s0.md'));
    const result = build(cwd);
    expect(result.stderr).toMatch(/[1-9]\d* removed/);
    const after = snapshot(path.join(cwd, 'out'));
    expect(after.has('2026/11/01/story-0/index.html')).toBe(false);
    expectSameBytes(after, coldBuild(cwd));
  });

  it('should move everything for a renamed tag', () => {
    const cwd = warmProject();
    for (const [name, text] of Object.entries(site())) {
      writeFiles(path.join(cwd, 'content'), { [name]: text.replace('Common]', 'Shared]') });
    }
    build(cwd);
    const after = snapshot(path.join(cwd, 'out'));
    expect(after.has('tags/common/index.html')).toBe(false);
    expect(after.has('tags/shared/index.html')).toBe(true);
    expectSameBytes(after, coldBuild(cwd));
  });

  it('should compact the body pack once old bodies fill most of it, and still build the same site', () => {
    const cwd = warmProject();
    const pack = path.join(cwd, 'node_modules', '.cache', 'broadsheet', 'bodies.pack');
    const sizes: number[] = [];
    for (let edit = 0; edit < 14; edit++) {
      const long = `Edit ${edit}. ${'A long paragraph of the story. '.repeat(4000)}`;
      writeFiles(path.join(cwd, 'content'), { 'city/2026-11-01-s0.md': md('title: Story 0\ndate: 2026-11-01T10:00:00Z\nsection: City', long) });
      build(cwd);
      sizes.push(statSync(pack).size);
    }
    // It grew with each edit, then shrank back when it was rewritten.
    expect(Math.max(...sizes)).toBeGreaterThan(1024 * 1024);
    expect(sizes.at(-1)!).toBeLessThan(Math.max(...sizes));
    expectSameBytes(snapshot(path.join(cwd, 'out')), coldBuild(cwd));
  }, 300_000);

  it('should show cached warnings again on a rebuild', () => {
    const cwd = warmProject();
    writeFiles(path.join(cwd, 'content'), { 'warn.md': md('title: Warned\nslug: a/b') });
    expect(build(cwd).stderr).toContain('[invalid-slug]');
    expect(build(cwd).stderr).toContain('[invalid-slug]');
  });

  it.each([
    ['corrupt', (dir: string) => writeFileSync(path.join(dir, 'manifest.json'), '{not json'), 'is damaged; discarding it'],
    ['from another version', (dir: string) => {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...manifest, version: '0.0.0-old' }));
    }, 'is from another version of Broadsheet'],
    ['missing its pack', (dir: string) => rmSync(path.join(dir, 'bodies.pack')), 'is damaged; discarding it'],
  ])('should discard a cache that is %s, with a one-line notice', (_, damage, notice) => {
    const cwd = warmProject();
    damage(path.join(cwd, 'node_modules', '.cache', 'broadsheet'));
    writeFiles(path.join(cwd, 'content'), { 'city/2026-11-01-s0.md': md('title: Story 0 again\ndate: 2026-11-01T10:00:00Z\nsection: City') });
    const result = build(cwd);
    expect(result.stderr).toContain(notice);
    expect(result.stderr.split('\n').filter((line) => line.includes(notice))).toHaveLength(1);
    expectSameBytes(snapshot(path.join(cwd, 'out')), coldBuild(cwd));
  });

  it('should give the same output with worker threads as without', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`a/${i}.md`] = md(`title: Article ${i}\ndate: 2026-10-${String((i % 28) + 1).padStart(2, '0')}\ntags: [X${i % 7}]`, `Body ${i} with [a link](${(i + 1) % 400}.md).`);
    // No photo processing: 400 social cards would be most of the time, and are the same either way.
    const threaded = project(files, { images: false });
    const inline = project(files, { images: false });
    expect(buildSite(threaded, { args: ['--no-cache'], env: { BROADSHEET_WORKERS: '2' } }).result.code).toBe(0);
    expect(buildSite(inline, { args: ['--no-cache'], env: { BROADSHEET_WORKERS: '0' } }).result.code).toBe(0);
    expectSameBytes(snapshot(path.join(threaded, 'out')), snapshot(path.join(inline, 'out')));
  });
});

describe('the templates a page is made with', () => {
  const theme = (name: string) => readFileSync(path.join(import.meta.dirname, '..', 'templates', name), 'utf8');
  const BYLINE = "{%- render 'partials/byline', article: article %}";
  /** The default article template, using `tag` where it renders the byline. */
  const articleWith = (tag: string) => {
    expect(theme('article.liquid')).toContain(BYLINE);
    return theme('article.liquid').replace(BYLINE, tag);
  };

  it.each([
    ['a render inside {% liquid %}', { 'article.liquid': articleWith("{% liquid render 'partials/x' %}") }, 'partials/x.liquid'],
    ['an include in double quotes, in an if inside {% liquid %}', { 'article.liquid': articleWith('{% liquid\n  if article\n    include "partials/x"\n  endif\n%}') }, 'partials/x.liquid'],
    ['a partial that renders it', { 'article.liquid': articleWith("{% render 'partials/outer' %}"), 'partials/outer.liquid': "<div>{% liquid render 'partials/x' %}</div>" }, 'partials/x.liquid'],
    ['a name kept in a variable', { 'article.liquid': articleWith("{% assign which = 'partials/x' %}{% render which %}") }, 'partials/x.liquid'],
    ['a name made with {{ }}', { 'article.liquid': articleWith("{% assign which = 'x' %}{% render 'partials/{{ which }}' %}") }, 'partials/x.liquid'],
    ['a layout named in a variable', { 'article.liquid': theme('article.liquid').replace("{% layout 'layouts/base' %}", "{% assign frame = 'layouts/x' %}{% layout frame %}"), 'layouts/x.liquid': theme('layouts/base.liquid').replace('<main', "{% render 'partials/x' %}<main") }, 'layouts/x.liquid'],
  ])('should re-render a page when a template it reaches through %s changes', (_, templates, edited) => {
    const cwd = project({ 'city/2026-11-20-council.md': md('title: Council votes\ndate: 2026-11-20T10:00:00Z\nsection: City', 'The council voted.') });
    const page = path.join(cwd, 'out', '2026', '11', '20', 'council-votes', 'index.html');
    writeFiles(path.join(cwd, 'templates'), { 'partials/x.liquid': '<p class="x">First words</p>', ...templates });
    build(cwd);
    expect(readFileSync(page, 'utf8')).toContain('First words');
    const before = readFileSync(path.join(cwd, 'templates', edited), 'utf8');
    writeFiles(path.join(cwd, 'templates'), { [edited]: edited === 'partials/x.liquid' ? '<p class="x">Second words</p>' : before.replace('<main', '<p>Second words</p><main') });
    build(cwd);
    expect(readFileSync(page, 'utf8')).toContain('Second words');
    expectSameBytes(snapshot(path.join(cwd, 'out')), coldBuild(cwd));
  });
});
