import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite, CLI, clockAt, listFiles, project, readPage, runCli } from './helpers.js';

describe('the command line', () => {
  const cwd = project({});

  it.each(['build', 'check', 'dev', 'new'])('should give help with examples for %s', (command) => {
    const help = runCli([command, '--help'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`Usage: broadsheet ${command}`);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain(`$ broadsheet ${command}`);
  });

  it('should list the commands when run with no arguments, and exit 2', () => {
    const result = runCli([], { cwd });
    expect(result.code).toBe(2);
    for (const command of ['build', 'check', 'dev', 'new']) expect(result.stdout).toContain(command);
  });

  it('should suggest the command a typo meant', () => {
    const result = runCli(['biuld'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command 'biuld'");
    expect(result.stderr).toContain('Did you mean build?');
  });

  it('should print no colours with NO_COLOR, nor into a pipe', () => {
    const dir = project({ 'a.md': '---\ntitle: A\ndate: 2026-13-01\n---\nBody\n' });
    for (const env of [{ NO_COLOR: '1' }, { FORCE_COLOR: '1', NO_COLOR: '1' }]) {
      const result = runCli(['build'], { cwd: dir, env });
      expect(result.stderr).toContain('error');
      // eslint-disable-next-line no-control-regex
      expect(result.stderr).not.toMatch(/\u001b\[/);
    }
  });

  it('should print the version', () => {
    const { version } = JSON.parse(readFileSync(path.join(path.dirname(CLI), '..', 'package.json'), 'utf8'));
    expect(runCli(['--version'], { cwd }).stdout.trim()).toBe(version);
  });

  it('should print errors only with --quiet, and a closing summary otherwise', () => {
    const dir = project({ 'a.md': '---\ntitle: A\nslug: "a/b"\n---\nBody\n' });
    expect(runCli(['build', '--quiet'], { cwd: dir }).stderr).toBe('');
    const loud = runCli(['build', '--out', 'other'], { cwd: dir });
    expect(loud.stderr).toContain('[invalid-slug]');
    expect(loud.stderr).toMatch(/Built 1 article, \d+ pages and 0 feeds into other\/ in [\d.]+ s \(\d+ written, \d+ unchanged, 0 removed, 1 warning\)\./);
  });

  it('should say where a build spent its time and memory with --verbose, and not without', () => {
    const dir = project({ 'a.md': '---\ntitle: A\ndate: 2026-11-20\n---\nBody\n' });
    const verbose = runCli(['build', '--verbose', '--no-search'], { cwd: dir });
    expect(verbose.code).toBe(0);
    const timings = /note: timings: (.+)/.exec(verbose.stderr)?.[1] ?? '';
    for (const phase of ['load', 'take stock', 'parse', 'collect the site', 'plan', 'render', 'commit']) {
      expect(timings).toMatch(new RegExp(`(^|, )${phase} \\d+ ms`));
    }
    expect(verbose.stderr).toMatch(/note: peak memory: [1-9]\d* MB/);
    const plain = runCli(['build', '--out', 'other', '--no-search'], { cwd: dir });
    expect(plain.stderr).not.toContain('timings');
  });
});

describe('a build that publishes less than it was given', () => {
  it('should say how many articles it held back, and how to include them', () => {
    const dir = project({
      'a.md': '---\ntitle: A\ndraft: true\n---\nBody\n',
      'b.md': '---\ntitle: B\ndate: 2099-01-01\n---\nBody\n',
      'c.md': '---\ntitle: C\ndate: 2026-11-20\n---\nBody\n',
    });
    const { result } = buildSite(dir, { args: ['--no-search'] });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('note: 2 articles are held back: drafts, or embargoed until a later date (--drafts and --future include them)');
    expect(result.stderr).toMatch(/Built 1 article \(2 held back\), /);
    const all = runCli(['build', '--no-search', '--drafts', '--future', '--out', 'all'], { cwd: dir });
    expect(all.stderr).not.toContain('held back');
  });
});

describe('broadsheet new', () => {
  const clock = clockAt('2026-11-25T09:30:00Z');

  it('should create a Markdown draft that check accepts and that then builds', () => {
    const cwd = project({});
    const result = runCli(['new', 'Council approves: a “bold” budget', '--section', 'City Hall'], { cwd, env: clock });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(path.join('content', 'city-hall', '2026-11-25-council-approves-a-bold-budget.md'));
    const text = readFileSync(path.join(cwd, result.stdout.trim()), 'utf8');
    expect(text).toContain('title: "Council approves: a “bold” budget"');
    expect(text).toContain('date: 2026-11-25T09:30:00+00:00');
    expect(text).toContain('section: "City Hall"');
    expect(text).toContain('draft: true');
    expect(runCli(['check'], { cwd, env: clock }).code).toBe(0);
    const built = runCli(['build', '--drafts', '--out', 'out'], { cwd, env: clock });
    expect(built.code).toBe(0);
    expect(listFiles(path.join(cwd, 'out'))).toContain('2026/11/25/council-approves-a-bold-budget/index.html');
  });

  it('should date the article now, in the site time zone', () => {
    const cwd = project({});
    writeFileSync(path.join(cwd, 'broadsheet.config.json'), JSON.stringify({ timeZone: 'Asia/Kolkata' }));
    const result = runCli(['new', 'Late story'], { cwd, env: clockAt('2026-11-25T20:00:00Z') });
    expect(result.stdout.trim()).toBe(path.join('content', '2026-11-26-late-story.md'));
    expect(readFileSync(path.join(cwd, result.stdout.trim()), 'utf8')).toContain('date: 2026-11-26T01:30:00+05:30');
  });

  it('should never overwrite: a second new with the same headline is refused', () => {
    const cwd = project({});
    const first = runCli(['new', 'Storm warning'], { cwd, env: clock });
    const file = path.join(cwd, first.stdout.trim());
    const before = readFileSync(file, 'utf8');
    const second = runCli(['new', 'Storm warning'], { cwd, env: clock });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('already exists; it was not changed');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(path.join(cwd, 'content'))).toHaveLength(1);
  });

  it('should create wire text with --format txt', () => {
    const cwd = project({});
    const result = runCli(['new', 'Flash: quake hits coast', '--format', 'txt'], { cwd, env: clock });
    expect(result.stdout.trim()).toBe(path.join('content', '2026-11-25-flash-quake-hits-coast.txt'));
    expect(readFileSync(path.join(cwd, result.stdout.trim()), 'utf8').split('\n')[0]).toBe('Flash: quake hits coast');
    expect(runCli(['check'], { cwd, env: clock }).code).toBe(0);
  });

  it('should put wire text in its desk folder with --section, which gives it the section', () => {
    const cwd = project({});
    const result = runCli(['new', 'Flash', '--format', 'txt', '--section', 'City'], { cwd, env: clock });
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(path.join(cwd, 'content'))).toEqual(['city']);
    const file = path.join('content', 'city', readdirSync(path.join(cwd, 'content', 'city'))[0]!);
    writeFileSync(path.join(cwd, file), 'Flash\nThe story.\n');
    const { out, result: built } = buildSite(cwd, { args: ['--no-search'] });
    expect(built.code, built.stderr).toBe(0);
    const page = listFiles(out).find((each) => each.endsWith('flash/index.html'))!;
    expect(readPage(out, page).querySelector('.kicker')?.textContent?.trim()).toBe('City');
  });

  it('should refuse --section with wire text when its folder would read as another section', () => {
    const cwd = project({});
    const result = runCli(['new', 'Flash', '--format', 'txt', '--section', 'U.S.'], { cwd, env: clock });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: wire text takes its section from its folder, and the folder u-s/ reads as "U S", not "U.S."');
    expect(result.stderr).toContain('"sections": { "u-s": "U.S." }');
    const content = path.join(cwd, 'content');
    expect(existsSync(content) ? readdirSync(content) : []).toEqual([]);
  });
});
