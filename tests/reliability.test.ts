import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite, CLOCK, type CliResult, hashes, listFiles, md, project, readPage, ROOT, runCli, startCli, tempDir, wire, writeFiles } from './helpers.js';



describe('diagnostics: one line per problem, with file, line, column, rule and hint', () => {
  let cwd: string;
  let result: CliResult;
  let lines: string[];
  beforeAll(() => {
    cwd = project({
    'empty.txt': '',
    'blank.md': md('dek: No headline'),
    'bad-yaml.md': '---\ntitle: Fine\ntags: [a, b\n---\nBody\n',
    'wrong-type.md': md('title: T\ntags: 5'),
    'impossible-date.md': md('title: T\ndate: 2019-13-45'),
    'binary.txt': Buffer.from([0x48, 0x69, 0x0a, 0x00, 0x01]),
    'undecodable.txt': Buffer.from([0x48, 0x69, 0x0a, 0x81, 0x8d]),
    'one.md': md('title: Letters to the editor\nslug: letters'),
    'two.md': md('title: More letters\nslug: letters'),
    'slug.md': md('title: T\nslug: ../../etc/passwd'),
    'fine.md': md('title: Fine story'),
    'unclosed.md': '---\ntitle: Council approves budget\n\nNEW DELHI: The council voted on Tuesday.\n',
    });
    ({ result } = buildSite(cwd));
    lines = result.stderr.split('\n');
  });

  it('should exit 1 and write nothing', () => {
    expect(result.code).toBe(1);
    expect(existsSync(path.join(cwd, 'out'))).toBe(false);
    expect(result.stderr).toContain('nothing was written');
  });

  it.each([
    ['content/empty.txt:1:1: error: file is empty: an article needs a headline [no-headline]'],
    ['content/blank.md:1:1: error: article has no headline [no-headline]'],
    ['content/bad-yaml.md:3:12: error: front matter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] [yaml-syntax]'],
    ['content/wrong-type.md:3:1: error: `tags` must be a list, or a comma-separated string [invalid-type]'],
    ['content/impossible-date.md:3:1: error: `date` is not a real date: "2019-13-45" [invalid-date]'],
    ['content/binary.txt:2:1: error: file is binary, not text (it holds NUL or control characters) [binary-file]'],
    ['content/undecodable.txt:2:1: error: file is neither UTF-8 nor Windows-1252 text [undecodable-text]'],
    ['content/two.md: error: /letters/ is already the URL of content/one.md [duplicate-url]'],
    ['content/unclosed.md:1:1: error: the front matter opened on line 1 is never closed with `---` [unclosed-front-matter]'],
    ['content/slug.md:3:1: warning: `slug` may not be a path; "../../etc/passwd" becomes "etc-passwd" [invalid-slug]'],
  ])('should report %s', (line) => {
    expect(lines).toContain(line);
  });

  it('should follow every problem with a hint', () => {
    const problems = lines.filter((line) => / (error|warning): /.test(line));
    expect(problems).toHaveLength(10);
    for (const problem of problems) expect(lines[lines.indexOf(problem) + 1]).toMatch(/^ {2}hint: \S/);
  });

  it('should never print a stack trace for content', () => {
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('diagnostics: URL clashes name the file to change', () => {
  it.each([
    [
      'an alias on another article\'s URL',
      { 'a.md': md('title: A\naliases: [/other/]'), 'other.md': md('title: Other') },
      'content/a.md: error: the alias /other/ is already the URL of content/other.md [duplicate-url]',
      'hint: take /other/ out of `aliases:` in content/a.md',
    ],
    [
      'two wire stories with one headline, both published',
      { 'a.txt': wire('Storm warning'), 'b.txt': wire('Storm warning', ['Other body.']) },
      // The suffix is the start of the SHA-1 of the file's path, which no other file changes.
      'content/b.txt: warning: content/a.txt has the same headline and the URL /storm-warning/; this story is published at /storm-warning-HASH/ [shared-headline]'.replace('HASH', createHash('sha1').update('b.txt').digest('hex').slice(0, 6)),
      'hint: wire text has no front matter to pin a slug in: give one story another headline, or make it Markdown with a `slug:`',
    ],
    [
      'an article on a page the site makes',
      { 'a.md': md('title: Archive') },
      'content/a.md: error: archive/index.html is written twice in the output: this article\'s page, and a page Broadsheet makes itself [duplicate-output]',
      'hint: give the article a different `slug:`, or another headline',
    ],
    [
      'an alias that is the article\'s own URL',
      { 'a.md': md('title: A\naliases: [/a/, /old/]'), 'b.md': md('title: B') },
      'content/a.md:3:1: warning: alias is the article\'s own URL and is left out: "/a/" [invalid-alias]',
      'hint: list only URLs the article used to have',
    ],
  ])('should report %s', (_, files, message, hint) => {
    const lines = buildSite(project(files)).result.stderr.split('\n');
    expect(lines).toContain(message);
    expect(lines[lines.indexOf(message) + 1]).toBe(`  ${hint}`);
  });
});

describe('diagnostics: templates', () => {
  function withTemplate(name: string, text: string) {
    const cwd = project({ 'a.md': md('title: A') });
    writeFiles(path.join(cwd, 'templates'), { [name]: text });
    return buildSite(cwd).result;
  }

  it('should name an unknown template variable with the template file and line', () => {
    const result = withTemplate('article.liquid', "{% layout 'layouts/base' %}\n{% block content %}\n<h1>{{ article.headlin }}</h1>\n{% endblock %}\n");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('templates/article.liquid:3:8: error: undefined variable: article.headlin [template-variable]');
    expect(result.stderr).toContain('hint: check the spelling');
  });

  it('should name a template syntax error with the template file and line', () => {
    const result = withTemplate('home.liquid', "{% layout 'layouts/base' %}\n{% block content %}\n{% for a in articles %}\n{{ a.headline }\n{% endblock %}\n");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/templates\/home\.liquid:4:1: error: .*not closed.* \[template-syntax\]/);
  });

  it('should say that a theme file linked from outside the templates folder is not read', () => {
    const cwd = project({ 'a.md': md('title: A') });
    const outside = tempDir();
    writeFiles(outside, { 'footer.liquid': '<footer>{{ site.title }} from outside</footer>\n' });
    mkdirSync(path.join(cwd, 'templates', 'partials'), { recursive: true });
    symlinkSync(path.join(outside, 'footer.liquid'), path.join(cwd, 'templates', 'partials', 'footer.liquid'));
    const { result } = buildSite(cwd);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('templates/partials/footer.liquid: warning: symbolic link points outside the templates folder; it is not read [symlink-outside]');
    expect(readFileSync(path.join(cwd, 'out', 'index.html'), 'utf8')).not.toContain('from outside');
  });

  it('should point at the block tag left open, not where LiquidJS gave up', () => {
    const result = withTemplate(
      'article.liquid',
      "{% layout 'layouts/base' %}\n{% block content %}\n<h1>{{ article.headline }}</h1>\n{% if article.dek %}\n<p>{{ article.dek }}</p>\n{{ article.bodyHtml | raw }}\n{% endblock %}\n",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('templates/article.liquid:4:1: error: {% if %} is not closed before the {% endblock %} on line 7 [template-syntax]');
  });

  it('should name an unknown filter, with a hint about filters', () => {
    const result = withTemplate('partials/footer.liquid', '<footer>\n{{ site.title | shout }}\n</footer>\n');
    expect(result.stderr).toMatch(/templates\/partials\/footer\.liquid:2:1: error: undefined filter: shout \[template-syntax\]/);
    expect(result.stderr).toContain('hint: check the spelling; the filters a template can use are listed in templates/README.md');
  });

  it('should stop a template loop that would run for minutes, naming its line', () => {
    const result = withTemplate('partials/footer.liquid', '<footer>\n{% for i in (1..100000000) %}{% endfor %}\n</footer>\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('templates/partials/footer.liquid:2:1: error: memory alloc limit exceeded [template-render]');
    expect(result.stderr).toContain('look for a loop over a very large range');
  });

  it('should let a template include itself under a condition, as a nested menu does', () => {
    const result = withTemplate(
      'partials/footer.liquid',
      "<footer>{% assign depth = depth | default: 0 | plus: 1 %}{{ depth }}\n{% if depth < 3 %}{% include 'partials/footer' %}{% endif %}</footer>\n",
    );
    expect(result.stderr).not.toContain('includes itself');
    expect(result.code).toBe(0);
  });

  it.each([
    ["{% render 'partials/footer' for site.nothing as item %}", 'a render for each of a list'],
    ["{% comment %}{% include 'partials/footer' %}{% endcomment %}", 'a comment'],
    ["{% raw %}{% include 'partials/footer' %}{% endraw %}", 'a raw block'],
  ])('should not take %s for a loop (%s)', (tag) => {
    const result = withTemplate('partials/footer.liquid', `<footer>\n${tag}\n</footer>\n`);
    expect(result.stderr).not.toContain('includes itself');
  });

  it.each([
    ["{% include 'partials/footer' %}", '2:1'],
    ['{% liquid\n  echo site.title\n  include "partials/footer"\n%}', '4:3'],
  ])('should refuse a template that includes itself, before rendering anything (%s)', (tag, place) => {
    const result = withTemplate('partials/footer.liquid', `<footer>\n${tag}\n</footer>\n`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `templates/partials/footer.liquid:${place}: error: partials/footer.liquid includes itself: partials/footer.liquid → partials/footer.liquid [template-syntax]`,
    );
  });
});

describe('broadsheet check', () => {
  it('should exit 0 on clean content and write nothing', () => {
    const cwd = project({ 'a.md': md('title: A\ndek: D\ndate: 2026-11-20') });
    const result = runCli(['check'], { cwd, env: CLOCK });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('1 article checked: 0 errors, 0 warnings');
    expect(readdirSync(cwd)).toEqual(['content']);
  });

  it('should exit 1 on errors', () => {
    const cwd = project({ 'a.md': md('title: A\ndate: 2019-13-45') });
    expect(runCli(['check'], { cwd }).code).toBe(1);
  });

  it('should fail on warnings only with --strict: unknown keys, missing dek or date, images without alt', () => {
    const cwd = project({ 'a.md': md('title: A\nphotographer: Ana\nimage: https://example.org/x.jpg') });
    const lenient = runCli(['check'], { cwd });
    expect(lenient.code).toBe(0);
    const strict = runCli(['check', '--strict'], { cwd });
    expect(strict.code).toBe(1);
    for (const rule of ['unknown-key', 'missing-dek', 'missing-date', 'image-alt']) expect(strict.stderr).toContain(`[${rule}]`);
  });

  it('should give machine-readable JSON with --format json', () => {
    const cwd = project({ 'a.md': md('title: A\ndate: 2019-13-45') });
    const result = runCli(['check', '--format', 'json'], { cwd });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toEqual({
      diagnostics: [
        {
          file: 'content/a.md',
          line: 3,
          column: 1,
          severity: 'error',
          message: '`date` is not a real date: "2019-13-45"',
          ruleId: 'invalid-date',
          hint: 'write the date as YYYY-MM-DD, optionally with a time: 2026-11-20T08:30:00+05:30',
        },
      ],
      errors: 1,
      warnings: 0,
    });
  });

  it('should exit 2 on a usage error', () => {
    const cwd = project({});
    expect(runCli(['check', '--format', 'xml'], { cwd }).code).toBe(2);
    expect(runCli(['check', '--content', 'nowhere'], { cwd }).code).toBe(2);
  });
});

describe('safe output', () => {
  it('should leave the earlier output byte for byte as it was when a build fails', () => {
    const cwd = project({ 'a.md': md('title: A\ndate: 2026-11-20'), 'b.txt': 'B\nBody' });
    expect(buildSite(cwd).result.code).toBe(0);
    const before = hashes(path.join(cwd, 'out'));
    writeFiles(path.join(cwd, 'content'), { 'bad.md': md('title: Bad\ndate: 2026-02-30'), 'a.md': md('title: A changed\ndate: 2026-11-20') });
    const { result } = buildSite(cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('content/bad.md:3:1: error: `date` is not a real date: "2026-02-30" [invalid-date]');
    expect(hashes(path.join(cwd, 'out'))).toEqual(before);
    // The build cache lives in node_modules/.cache; nothing else appears.
    expect(readdirSync(cwd).sort()).toEqual(['content', 'node_modules', 'out']);
  });

  it('should remove pages no longer produced: a deleted article, a removed tag', () => {
    const cwd = project({ 'a.md': md('title: A\ntags: [Old tag]'), 'b.md': md('title: B') });
    expect(buildSite(cwd).result.code).toBe(0);
    expect(listFiles(path.join(cwd, 'out'))).toContain('tags/old-tag/index.html');
    rmSync(path.join(cwd, 'content', 'b.md'));
    writeFiles(path.join(cwd, 'content'), { 'a.md': md('title: A\ntags: [New tag]') });
    const { result } = buildSite(cwd);
    expect(result.stderr).toMatch(/removed/);
    const files = listFiles(path.join(cwd, 'out'));
    expect(files).not.toContain('b/index.html');
    expect(files).not.toContain('tags/old-tag/index.html');
    expect(files).toContain('tags/new-tag/index.html');
    expect(readdirSync(path.join(cwd, 'out', 'tags'))).toEqual(['new-tag']);
  });

  it('should rewrite only files whose bytes changed', () => {
    const cwd = project({ 'a.md': md('title: A'), 'b.md': md('title: B') });
    expect(buildSite(cwd).result.code).toBe(0);
    const page = path.join(cwd, 'out', 'b', 'index.html');
    const before = statSync(page);
    writeFiles(path.join(cwd, 'content'), { 'a.md': md('title: A', 'New body.') });
    expect(buildSite(cwd).result.code).toBe(0);
    const after = statSync(page);
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it.each([
    ['the content folder', 'content'],
    ['a folder that holds the content folder', '.'],
    ['a folder inside the content folder', 'content/out'],
    ['the root', '/'],
    ['the home folder', os.homedir()],
  ])('should refuse to write into %s', (_, out) => {
    const cwd = project({ 'a.md': md('title: A') });
    const result = runCli(['build', '--out', out], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: refusing to write the site into /);
    expect(readdirSync(path.join(cwd, 'content'))).toEqual(['a.md']);
  });

  it('should refuse a folder of files Broadsheet did not write, rather than delete them', () => {
    const cwd = project({ 'a.md': md('title: A') });
    writeFiles(path.join(cwd, 'out'), { 'thesis.docx': 'precious' });
    const { result } = buildSite(cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('it holds files that Broadsheet did not write');
    expect(readFileSync(path.join(cwd, 'out', 'thesis.docx'), 'utf8')).toBe('precious');
  });

  it('should build into an empty folder that exists', () => {
    const cwd = project({ 'a.md': md('title: A') });
    mkdirSync(path.join(cwd, 'out'));
    expect(buildSite(cwd).result.code).toBe(0);
    expect(listFiles(path.join(cwd, 'out'))).toContain('a/index.html');
  });
});

describe('interrupted builds', () => {
  // A site big enough that a build takes a while to write.
  function bigSite(version: string): Record<string, string> {
    const files: Record<string, string> = {};
    for (let i = 0; i < 1500; i++) files[`s/${i}.md`] = md(`title: Story ${i}\ndate: 2026-11-${String((i % 28) + 1).padStart(2, '0')}`, `${version} ${'word '.repeat(200)}`);
    return files;
  }

  async function killWhenWriting(cwd: string, signal: NodeJS.Signals): Promise<number | null> {
    const child = startCli(['build', '--out', 'out'], { cwd, env: CLOCK });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Wait until the writer has started (its staging folder appears), then send the signal.
    const started = Date.now();
    while (Date.now() - started < 30_000) {
      if (readdirSync(cwd).some((name) => name.includes('broadsheet-staging'))) break;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    child.kill(signal);
    const code = await exited;
    void stderr;
    return code;
  }

  function expectEveryFileOldOrNew(out: string, oldDir: string, newDir: string) {
    const oldHashes = hashes(oldDir);
    const newHashes = hashes(newDir);
    for (const [file, hash] of Object.entries(hashes(out))) {
      expect([oldHashes[file], newHashes[file]], file).toContain(hash);
    }
  }

  it.each(['SIGINT', 'SIGKILL'] as const)('should leave only complete files after %s, and the next build repairs the site', async (signal) => {
    const reference = tempDir();
    // No photo processing: 1,500 social cards would be most of the time.
    const cwd = project(bigSite('old'), { images: false });
    expect(buildSite(cwd).result.code).toBe(0);
    cpSync(path.join(cwd, 'out'), path.join(reference, 'old'), { recursive: true });
    writeFiles(path.join(cwd, 'content'), bigSite('new'));
    const cleanCopy = project(bigSite('new'), { images: false });
    expect(buildSite(cleanCopy).result.code).toBe(0);

    const code = await killWhenWriting(cwd, signal);
    if (signal === 'SIGINT') {
      expect([130, 0]).toContain(code);
      // A clean stop leaves no temporary files behind.
      expect(readdirSync(cwd).filter((name) => name.includes('staging'))).toEqual([]);
    }
    expectEveryFileOldOrNew(path.join(cwd, 'out'), path.join(reference, 'old'), path.join(cleanCopy, 'out'));

    expect(buildSite(cwd).result.code).toBe(0);
    expect(hashes(path.join(cwd, 'out'))).toEqual(hashes(path.join(cleanCopy, 'out')));
    expect(readdirSync(cwd).filter((name) => name.includes('staging'))).toEqual([]);
  }, 300_000);
});

describe('deterministic output', () => {
  it('should give byte-identical files for the same input, whatever the clock, machine time zone or folder', () => {
    const files = {
      'a.md': md('title: A\ndate: 2026-11-20T08:30:00+05:30\ntags: [Zeta, alpha, Beta]\nauthor: [Zed, Amy]'),
      'b.txt': 'B\nBy Kim and Lee\nBody\nSource: Reuters',
      'c/d.md': md('title: D\nsection: World\ndate: 2026-11-19'),
      'c/pic.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="3" height="2"/>',
    };
    const first = project(files);
    const second = project(files);
    writeFiles(first, { 'broadsheet.config.json': JSON.stringify({ baseUrl: 'https://news.example/' }) });
    writeFiles(second, { 'broadsheet.config.json': JSON.stringify({ baseUrl: 'https://news.example/' }) });
    expect(runCli(['build', '--out', 'out'], { cwd: first, env: { TZ: 'UTC', LANG: 'C' } }).code).toBe(0);
    expect(runCli(['build', '--out', 'out'], { cwd: second, env: { TZ: 'America/New_York', LANG: 'de_DE.UTF-8' } }).code).toBe(0);
    expect(hashes(path.join(second, 'out'))).toEqual(hashes(path.join(first, 'out')));
  });
});

describe('hostile content', () => {
  const fixture = path.join(ROOT, 'tests', 'fixtures', 'hostile');
  let cwd: string;
  let outside: Set<string>;
  let result: CliResult;
  let out: string;
  let pages: string[];
  beforeAll(() => {
    cwd = tempDir();
    cpSync(fixture, path.join(cwd, 'content'), { recursive: true });
    symlinkSync('/etc/passwd', path.join(cwd, 'content', 'passwd.txt'));
    symlinkSync('/etc/hostname', path.join(cwd, 'content', 'hostname.jpg'));
    writeFiles(cwd, { 'broadsheet.config.json': JSON.stringify({ baseUrl: 'https://news.example/', relativeLinks: true }) });
    outside = new Set(readdirSync(os.tmpdir()));
    ({ out, result } = buildSite(cwd));
    pages = listFiles(out).filter((file) => file.endsWith('.html'));
  });

  it('should build, warning about what it neutralised', () => {
    expect(result.code).toBe(0);
    for (const rule of ['unsafe-url', 'unsafe-html', 'invalid-slug', 'invalid-alias', 'symlink-outside']) expect(result.stderr).toContain(`[${rule}]`);
  });

  it('should never read a symlink out of the content folder', () => {
    expect(listFiles(out)).not.toContain('hostname.jpg');
    for (const file of listFiles(out)) expect(readFileSync(path.join(out, file), 'utf8')).not.toContain('root:x:0:0');
  });

  it('should write nothing outside the output folder', () => {
    expect(readdirSync(cwd).sort()).toEqual(['broadsheet.config.json', 'content', 'node_modules', 'out']);
    const created = readdirSync(os.tmpdir()).filter((name) => !outside.has(name) && name.includes('pwned'));
    expect(created).toEqual([]);
    expect(existsSync('/tmp/broadsheet-pwned-slug')).toBe(false);
    for (const file of listFiles(out)) expect(file).not.toMatch(/\.\.|<|>|"|\\/);
  });

  it('should leave no event handler, script or dangerous URL in any page', () => {
    expect(pages.length).toBeGreaterThan(15);
    for (const file of pages) {
      const document = readPage(out, file);
      for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.getAttributeNames()) {
          expect(attribute, `${file}: <${element.tagName.toLowerCase()} ${attribute}>`).not.toMatch(/^on/i);
          const isUrl =
            ['href', 'src', 'action', 'formaction', 'data', 'srcset', 'poster', 'xlink:href'].includes(attribute) ||
            (attribute === 'content' && /refresh|og:url|og:image|twitter:image/i.test(`${element.getAttribute('http-equiv')}${element.getAttribute('property')}${element.getAttribute('name')}`));
          if (isUrl) {
            const value = element.getAttribute(attribute)!.replace(/[\u0000-\u0020]/g, '');
            expect(value, `${file}: ${attribute}`).not.toMatch(/^(javascript|vbscript):/i);
            expect(value, `${file}: ${attribute}`).not.toMatch(/^data:(?!image\/)/i);
            expect(value, `${file}: ${attribute}`).not.toMatch(/url=javascript/i);
          }
        }
      }
      for (const script of document.querySelectorAll('script')) {
        // The search page runs Pagefind's script and ours, from files of the site; nothing else runs.
        if (file === 'search/index.html' && /^(\.\.\/)*(pagefind\/pagefind-ui|assets\/search)\.js$/.test(script.getAttribute('src') ?? '')) continue;
        expect(script.getAttribute('type'), file).toBe('application/ld+json');
        expect(() => JSON.parse(script.textContent!), file).not.toThrow();
      }
      // The site's own search form in the masthead aside, none of these come from content.
      for (const tag of ['iframe', 'object', 'embed', 'style', 'form:not(.site-search)', 'base', 'svg', 'math']) {
        expect(document.querySelectorAll(`body ${tag}`), `${file}: <${tag}>`).toHaveLength(0);
      }
      expect(document.querySelector('form.site-search')?.getAttribute('action') ?? '/search/', file).toMatch(/search\/(index\.html)?$/);
    }
  });

  it('should show hostile text as text, exactly as written', () => {
    const page = pages.find((file) => readFileSync(path.join(out, file), 'utf8').includes('alert(2)&gt;</h1>'))!;
    const document = readPage(out, page);
    const headline = `<script>alert('headline')</script> "><img src=x onerror=alert(1)> & J&K </title><svg onload=alert(2)>`;
    expect(document.querySelector('h1')?.textContent).toBe(headline);
    expect(document.querySelector('title')?.textContent).toBe(`${headline} – Broadsheet`);
    const [article] = [...document.querySelectorAll('script[type="application/ld+json"]')].map((script) => JSON.parse(script.textContent!));
    expect(article.headline).toBe(headline);
  });

  it('should keep </script> in every field from ending the JSON-LD', () => {
    const page = pages.find((file) => file.includes('script-script'))!;
    const html = readFileSync(path.join(out, page), 'utf8');
    const json = html.slice(html.indexOf('<script type="application/ld+json">'), html.indexOf('</script>'));
    expect(json).not.toMatch(/<\/script|<!--|\u2028|\u2029/i);
    const [article] = [...readPage(out, page).querySelectorAll('script[type="application/ld+json"]')].map((script) => JSON.parse(script.textContent!));
    expect(article.headline).toBe("</script><script>alert('json-ld-title')</script>");
    expect(article.description).toContain('\u2028');
    expect(article.author[0].name).toBe("</script><script>alert('json-ld-author')</script>");
  });

  it('should keep the feeds well-formed', async () => {
    const { parseFeed } = await import('@rowanmanning/feed-parser');
    expect(parseFeed(readFileSync(path.join(out, 'atom.xml'), 'utf8')).items.length).toBeGreaterThan(10);
    expect(parseFeed(readFileSync(path.join(out, 'feed.xml'), 'utf8')).items.length).toBeGreaterThan(10);
    expect(() => JSON.parse(readFileSync(path.join(out, 'feed.json'), 'utf8'))).not.toThrow();
    // A lenient feed parser reads past broken markup; an XML parser does not.
    if (spawnSync('xmllint', ['--version']).status !== 0 && !process.env['CI']) return;
    for (const file of listFiles(out).filter((name) => name.endsWith('.xml'))) {
      const check = spawnSync('xmllint', ['--noout', path.join(out, file)], { encoding: 'utf8' });
      expect(check.stderr, file).toBe('');
    }
  });
});

describe('limits', () => {
  it('should build deeply nested Markdown and 100,000-character lines, showing text it cannot parse safely as text', () => {
    const cwd = project({
      'deep.md': md('title: Deep', '>'.repeat(5000) + ' quoted'),
      'long.md': md('title: Long', 'word '.repeat(20_000)),
      'brackets.md': md('title: Brackets', '['.repeat(60_000)),
      'wire.txt': `Long wire\n${'x'.repeat(100_000)}`,
    });
    const { result } = buildSite(cwd);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('content/deep.md:4:1: warning: Markdown nests too deeply; the body is shown as plain text [markdown-too-complex]');
    expect(result.stderr).toContain('[markdown-too-complex]');
    expect(readPage(path.join(cwd, 'out'), 'long/index.html').querySelector('.e-content')?.textContent?.length).toBeGreaterThan(99_000);
  });

  it('should refuse a file over 5 MB with a clear message', () => {
    const cwd = project({ 'huge.md': `---\ntitle: Huge\n---\n${'a'.repeat(5 * 1024 * 1024)}` });
    const { result } = buildSite(cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('content/huge.md: error: file is 5.0 MB; articles are limited to 5 MB [file-too-large]');
  });
});

describe('an output folder that cannot be written', () => {
  it('should say so in one line, with exit code 2', () => {
    const cwd = project({ 'a.md': md('title: A') });
    writeFileSync(path.join(cwd, 'file.txt'), 'not a folder');
    const result = runCli(['build', '--out', 'file.txt/out'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: cannot write the site into file\.txt\/out: E[A-Z]+: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
