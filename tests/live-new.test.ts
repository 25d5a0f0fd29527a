import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/index.js';
import type { CliIO } from '../src/cli/terminal.js';
import { clockAt, listFiles, project, tempDir } from './helpers.js';

// `broadsheet new --live` and `broadsheet new --update`, run through main(argv, io) in this
// process, in a temp project, at a fixed clock (SOURCE_DATE_EPOCH) in the site's time zone.

/** 06:00 in Kolkata (+05:30) on the day the coverage starts. */
const START = '2026-11-20T00:30:00Z';
const KOLKATA = { timeZone: 'Asia/Kolkata' };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `broadsheet …args` in `cwd` at `at`; the wall clock is a day off, so using it shows. */
async function run(cwd: string, args: string[], at = START): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { NO_COLOR: '1', ...clockAt(at) },
    cwd,
    now: () => new Date('2030-01-01T00:00:00Z'),
    onSignal: () => () => {},
    peakMemory: () => 0,
    exit: () => {},
  };
  const code = await main(['new', ...args], io);
  return { code, stdout, stderr };
}

/** Every file in the project's content folder (none when there is no folder). */
function contentFiles(cwd: string): string[] {
  const content = path.join(cwd, 'content');
  return existsSync(content) ? listFiles(content) : [];
}

// The writer's name comes from `git config user.name`: give git a known one, and no other config.
const gitConfig = path.join(tempDir('broadsheet-git-'), 'gitconfig');
beforeAll(() => {
  writeFileSync(gitConfig, '[user]\n\tname = Ann Reporter\n');
  vi.stubEnv('GIT_CONFIG_GLOBAL', gitConfig);
  vi.stubEnv('GIT_CONFIG_NOSYSTEM', '1');
});
afterAll(() => {
  vi.unstubAllEnvs();
});

const FOLDER = path.join('content', 'world', '2026-11-20-cyclone-mira-makes-landfall-live');

describe('broadsheet new --live', () => {
  it('should make the live folder in the desk folder, with an index.md that parses to the story, live from now', async () => {
    const cwd = project({}, KOLKATA);
    const result = await run(cwd, ['--live', 'Cyclone Mira makes landfall', '--section', 'World']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${FOLDER}\n`);
    expect(contentFiles(cwd)).toEqual(['world/2026-11-20-cyclone-mira-makes-landfall-live/index.md']);

    const text = readFileSync(path.join(cwd, FOLDER, 'index.md'), 'utf8');
    const { data, content } = matter(text);
    expect(data).toEqual({
      title: 'Cyclone Mira makes landfall',
      dek: '',
      author: 'Ann Reporter',
      date: new Date(START),
      section: 'World',
      tags: [],
      live: { start: new Date(START) },
      draft: true,
    });
    // In the site's zone, with its offset, as a writer reads it.
    expect(text).toContain('\ndate: 2026-11-20T06:00:00+05:30\n');
    expect(text).toMatch(/\nlive:\n {2}start: 2026-11-20T06:00:00\+05:30\n {2}# end: /);
    expect(content.trim()).toMatch(/^Key points, optional: a short summary .*leads the page/);
    expect(result.stderr).toContain('draft: true');
    expect(result.stderr).toContain(`broadsheet new --update ${FOLDER} "Headline"`);
  });

  it('should name the folder by the day in the site time zone, and leave out the section when none is given', async () => {
    const cwd = project({}, KOLKATA);
    const result = await run(cwd, ['--live', 'Late vote count'], '2026-11-20T20:00:00Z');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(path.join('content', '2026-11-21-late-vote-count-live'));
    const { data } = matter(readFileSync(path.join(cwd, result.stdout.trim(), 'index.md'), 'utf8'));
    expect(data['section']).toBeUndefined();
    expect(data['live']).toEqual({ start: new Date('2026-11-20T20:00:00Z') });
  });

  it('should not say live twice when the headline ends with it', async () => {
    const cwd = project({});
    const result = await run(cwd, ['--live', 'Election night: live']);
    expect(result.stdout.trim()).toBe(path.join('content', '2026-11-20-election-night-live'));
  });

  it('should refuse a folder that exists, and change nothing in it', async () => {
    const cwd = project({}, KOLKATA);
    expect((await run(cwd, ['--live', 'Cyclone Mira makes landfall', '--section', 'World'])).code).toBe(0);
    const index = path.join(cwd, FOLDER, 'index.md');
    writeFileSync(index, 'edited by the writer\n');
    const again = await run(cwd, ['--live', 'Cyclone Mira makes landfall', '--section', 'World']);
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain(`error: ${FOLDER} already exists; it was not changed`);
    expect(again.stderr).toContain('hint: add an update to it: broadsheet new --update');
    expect(readFileSync(index, 'utf8')).toBe('edited by the writer\n');
    expect(contentFiles(cwd)).toEqual(['world/2026-11-20-cyclone-mira-makes-landfall-live/index.md']);
  });

  it('should refuse an existing folder even when it has no index.md, and write none into it', async () => {
    const cwd = project({ 'world/2026-11-20-cyclone-mira-makes-landfall-live/0830-landfall.md': '---\ntitle: Landfall\n---\nBody\n' }, KOLKATA);
    const result = await run(cwd, ['--live', 'Cyclone Mira makes landfall', '--section', 'World']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('already exists; it was not changed');
    expect(contentFiles(cwd)).toEqual(['world/2026-11-20-cyclone-mira-makes-landfall-live/0830-landfall.md']);
  });

  it('should refuse --format txt: the index is Markdown', async () => {
    const cwd = project({});
    const result = await run(cwd, ['--live', 'Cyclone', '--format', 'txt']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: --format txt does not go with --live: a live story's index.md is Markdown");
    expect(contentFiles(cwd)).toEqual([]);
  });

  it('should refuse --live with --update', async () => {
    const cwd = project({ 'story-live/index.md': '---\ntitle: A\nlive: true\n---\n' });
    const result = await run(cwd, ['--live', '--update', 'content/story-live', 'Cyclone']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: --live and --update do not go together');
    expect(contentFiles(cwd)).toEqual(['story-live/index.md']);
  });

  it('should refuse an empty headline', async () => {
    const cwd = project({});
    const result = await run(cwd, ['--live', '   ']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: the headline is empty');
    expect(result.stderr).toContain('broadsheet new --live "');
    expect(contentFiles(cwd)).toEqual([]);
  });
});

describe('broadsheet new --update', () => {
  /** A project with a live story (made by --live), in Kolkata; returns it and the story's folder. */
  async function liveProject(): Promise<{ cwd: string; folder: string }> {
    const cwd = project({}, KOLKATA);
    const made = await run(cwd, ['--live', 'Cyclone Mira makes landfall', '--section', 'World']);
    expect(made.code, made.stderr).toBe(0);
    return { cwd, folder: made.stdout.trim() };
  }

  it('should write a Markdown update named and timed for now in the site time zone, not a draft', async () => {
    const { cwd, folder } = await liveProject();
    const at = '2026-11-20T03:07:42Z'; // 08:37:42 in Kolkata
    const result = await run(cwd, ['--update', folder, 'Landfall near the port'], at);
    expect(result.code, result.stderr).toBe(0);
    const file = path.join(folder, '2026-11-20T0837-landfall-near-the-port.md');
    expect(result.stdout).toBe(`${file}\n`);
    const text = readFileSync(path.join(cwd, file), 'utf8');
    const { data, content } = matter(text);
    expect(data).toEqual({ title: 'Landfall near the port', time: new Date(at), author: 'Ann Reporter' });
    expect(text).toContain('\ntime: 2026-11-20T08:37:42+05:30\n');
    expect(content.trim()).toBe('Write the update here. A blank line starts a new paragraph.');
    expect(result.stderr).toContain('not a draft: it is published by the next build');
    expect(readdirSync(path.join(cwd, folder)).sort()).toEqual(['2026-11-20T0837-landfall-near-the-port.md', 'index.md']);
  });

  it('should name an update on a later day by that day, in the site time zone', async () => {
    const { cwd, folder } = await liveProject();
    const at = '2026-11-21T00:45:00Z'; // 06:15 on the 21st in Kolkata
    const result = await run(cwd, ['--update', folder, 'Clean-up begins'], at);
    expect(result.code, result.stderr).toBe(0);
    expect(path.basename(result.stdout.trim())).toBe('2026-11-21T0615-clean-up-begins.md');
    expect(matter(readFileSync(path.join(cwd, result.stdout.trim()), 'utf8')).data['time']).toEqual(new Date(at));
  });

  it('should take the folder as typed, relative to the working folder', async () => {
    const { cwd, folder } = await liveProject();
    const result = await run(path.join(cwd, 'content'), ['--update', path.relative('content', folder), 'Winds ease', '--config', '../broadsheet.config.json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(path.join('world', '2026-11-20-cyclone-mira-makes-landfall-live', '2026-11-20T0600-winds-ease.md'));
    expect(existsSync(path.join(cwd, folder, '2026-11-20T0600-winds-ease.md'))).toBe(true);
  });

  it('should write wire text with --format txt: the headline, the byline, a paragraph a line', async () => {
    const { cwd, folder } = await liveProject();
    const result = await run(cwd, ['--update', folder, 'Flash: power cut across the city', '--format', 'txt'], '2026-11-20T04:00:00Z');
    expect(result.code, result.stderr).toBe(0);
    const file = path.join(folder, '2026-11-20T0930-flash-power-cut-across-the-city.txt');
    expect(result.stdout).toBe(`${file}\n`);
    expect(readFileSync(path.join(cwd, file), 'utf8')).toBe('Flash: power cut across the city\nBy Ann Reporter\nWrite the update here, a paragraph a line.\n');
  });

  it('should refuse a second update with the same headline in the same minute, and leave the first alone', async () => {
    const { cwd, folder } = await liveProject();
    const first = await run(cwd, ['--update', folder, 'Landfall'], '2026-11-20T03:00:05Z');
    expect(first.code).toBe(0);
    const file = path.join(cwd, first.stdout.trim());
    writeFileSync(file, 'the writer has started\n');
    const second = await run(cwd, ['--update', folder, 'Landfall'], '2026-11-20T03:00:55Z');
    expect(second.code).toBe(2);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain(`error: ${path.join(folder, '2026-11-20T0830-landfall.md')} already exists; it was not changed`);
    expect(readFileSync(file, 'utf8')).toBe('the writer has started\n');
    expect(readdirSync(path.join(cwd, folder))).toHaveLength(2);
    // The next minute is another file.
    expect((await run(cwd, ['--update', folder, 'Landfall'], '2026-11-20T03:01:00Z')).code).toBe(0);
  });

  it('should refuse a folder that does not exist', async () => {
    const cwd = project({});
    const result = await run(cwd, ['--update', 'content/no-such-live', 'Landfall']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: content/no-such-live does not exist');
    expect(contentFiles(cwd)).toEqual([]);
    expect(existsSync(path.join(cwd, 'content', 'no-such-live'))).toBe(false);
  });

  it('should refuse a folder without index.md: it is not a live folder', async () => {
    const cwd = project({ 'world/notes.md': '---\ntitle: Notes\n---\n' });
    const result = await run(cwd, ['--update', 'content/world', 'Landfall']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: not a live folder: content/world has no index.md');
    expect(result.stderr).toContain('hint: ');
    expect(result.stderr).toContain('broadsheet new --live "Headline"');
    expect(contentFiles(cwd)).toEqual(['world/notes.md']);
  });

  it('should refuse a file given as the folder', async () => {
    const cwd = project({ 'story.md': '---\ntitle: A\n---\n' });
    const result = await run(cwd, ['--update', 'content/story.md', 'Landfall']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: not a live folder: content/story.md has no index.md');
    expect(contentFiles(cwd)).toEqual(['story.md']);
  });

  it('should refuse an empty headline', async () => {
    const { cwd, folder } = await liveProject();
    const result = await run(cwd, ['--update', folder, ' ']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: the headline is empty');
    expect(readdirSync(path.join(cwd, folder))).toEqual(['index.md']);
  });

  it('should refuse --section: an update is in its story\'s section', async () => {
    const { cwd, folder } = await liveProject();
    const result = await run(cwd, ['--update', folder, 'Landfall', '--section', 'City']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: --section does not go with --update');
    expect(readdirSync(path.join(cwd, folder))).toEqual(['index.md']);
  });

  it('should take the author from the config when git has no name', async () => {
    vi.stubEnv('GIT_CONFIG_GLOBAL', path.join(tempDir(), 'empty-gitconfig'));
    try {
      const cwd = project({ 'story-live/index.md': '---\ntitle: A\nlive: true\n---\n' }, { authors: { 'Desk Editor': {} } });
      const result = await run(cwd, ['--update', path.join('content', 'story-live'), 'Landfall'], '2026-11-20T08:30:00Z');
      expect(result.code, result.stderr).toBe(0);
      expect(matter(readFileSync(path.join(cwd, result.stdout.trim()), 'utf8')).data).toEqual({ title: 'Landfall', time: new Date('2026-11-20T08:30:00Z'), author: 'Desk Editor' });
    } finally {
      vi.stubEnv('GIT_CONFIG_GLOBAL', gitConfig);
    }
  });
});

describe('broadsheet new --help', () => {
  it('should show the live examples', async () => {
    const cwd = project({});
    let stdout = '';
    const io: CliIO = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => true },
      env: { NO_COLOR: '1' },
      cwd,
      now: () => new Date(START),
      onSignal: () => () => {},
      peakMemory: () => 0,
      exit: () => {},
    };
    expect(await main(['new', '--help'], io)).toBe(0);
    expect(stdout).toContain('$ broadsheet new --live "');
    expect(stdout).toContain('$ broadsheet new --update ');
    expect(stdout).toMatch(/--update <dir>/);
  });
});

// A live folder need not be made by --live: any folder with an index.md takes updates.
describe('a live folder made by hand', () => {
  it('should take updates when it has an index.md', async () => {
    const cwd = project({}, KOLKATA);
    mkdirSync(path.join(cwd, 'content', 'by-hand-live'), { recursive: true });
    writeFileSync(path.join(cwd, 'content', 'by-hand-live', 'index.md'), '---\ntitle: By hand\nlive:\n  start: 2026-11-20T06:00:00+05:30\n---\n');
    const result = await run(cwd, ['--update', 'content/by-hand-live', 'First']);
    expect(result.code, result.stderr).toBe(0);
    expect(contentFiles(cwd)).toEqual(['by-hand-live/2026-11-20T0600-first.md', 'by-hand-live/index.md']);
  });
});
