import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLOCK, hashes, md, project, runCli, startCli, tempDir, writeFiles } from './helpers.js';

// Fault injection: builds killed at random moments, stopped by signals in each phase, run two at
// once, and given a damaged cache. Whatever happens, the output holds only whole files (each as
// the build before or the build after made it), and the next build gives what a cold build gives.
// Every build here is a real CLI process on a 500-article site.

const ARTICLES = 500;
// No photo processing: social cards for every story would be most of each build's time, and the
// image cache's own safety is tested with the images.
const CONFIG = JSON.stringify({ title: 'The Faults Gazette', baseUrl: 'https://news.example/', images: false });
/** A hung build fails its test instead of stalling the suite. */
const BUILD_TIMEOUT = 120_000;

type Edition = 'A' | 'B';

/** The site as edition A, or as B: one story in ten rewritten and retitled. */
function edition(which: Edition): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < ARTICLES; i++) {
    const rewritten = which === 'B' && i % 10 === 0;
    const paragraphs = Array.from({ length: 6 }, (_, p) => `Paragraph ${p} of story ${i}${rewritten ? ', as rewritten for the late edition' : ''}: ${'the council said the budget would hold '.repeat(4)}`);
    files[`desk${i % 5}/story-${i}.md`] = md(
      { title: `Story ${i}${rewritten ? ' (updated)' : ''}`, date: `2026-11-${String((i % 24) + 1).padStart(2, '0')}`, dek: `What happened in story ${i}.`, tags: [`topic ${i % 7}`] },
      paragraphs.join('\n\n'),
    );
  }
  return files;
}

/** Only the files that differ between the editions: switching edition rewrites fifty stories. */
function switchTo(cwd: string, which: Edition): void {
  const changed = Object.entries(edition(which)).filter(([name]) => Number(/story-(\d+)/.exec(name)![1]) % 10 === 0);
  // A copy's content files are links to the original's (see copyOfBuilt): replace, never write through.
  for (const [name] of changed) rmSync(path.join(cwd, 'content', name), { force: true });
  writeFiles(path.join(cwd, 'content'), Object.fromEntries(changed));
}

/** A seeded generator (mulberry32): the same kills every run, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cliBuild(cwd: string, args: string[] = []) {
  return runCli(['build', '--out', 'out', '--cache', 'cache', ...args], { cwd, env: CLOCK, timeout: BUILD_TIMEOUT });
}

interface Running {
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

function startBuild(cwd: string, args: string[] = []): Running {
  const child = startCli(['build', '--out', 'out', '--cache', 'cache', ...args], { cwd, env: CLOCK });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { stderr: () => stderr, exited, kill: (signal) => child.kill(signal) };
}

async function until(condition: () => boolean, limit = 60_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > limit) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Every file in `out` is whole: byte for byte as one of the reference builds has it. */
function expectOnlyWholeFiles(out: string, references: Record<string, string>[]): void {
  for (const [file, hash] of Object.entries(hashes(out))) {
    expect(references.map((reference) => reference[file]), file).toContain(hash);
  }
}

function stagingLeftovers(cwd: string): string[] {
  return readdirSync(cwd).filter((name) => name.includes('broadsheet-staging'));
}

const reference: Record<Edition, Record<string, string>> = { A: {}, B: {} };
/** A project with edition A built, its cache warm: each test starts from a copy. */
let built: string;

beforeAll(() => {
  for (const which of ['A', 'B'] as const) {
    const cold = project(edition(which), CONFIG);
    const result = runCli(['build', '--out', 'out', '--no-cache'], { cwd: cold, env: CLOCK, timeout: BUILD_TIMEOUT });
    expect(result.code, result.stderr).toBe(0);
    reference[which] = hashes(path.join(cold, 'out'));
  }
  built = project(edition('A'), CONFIG);
  expect(cliBuild(built).code).toBe(0);
}, 600_000);

/**
 * A copy of the built project with its cache as warm as the original's: the content is hard-linked,
 * so each file keeps the inode, size and mtime its cache entry records.
 */
function copyOfBuilt(): string {
  const cwd = tempDir();
  execFileSync('cp', ['-al', path.join(built, 'content'), path.join(cwd, 'content')]);
  for (const name of readdirSync(built)) {
    if (name !== 'content') cpSync(path.join(built, name), path.join(cwd, name), { recursive: true, preserveTimestamps: true });
  }
  return cwd;
}

describe('a build killed with SIGKILL at random moments', () => {
  it('should leave only whole files, and the next build with the same cache should match a cold build, 20 times over', async () => {
    const cwd = copyOfBuilt();
    // How long a build switching edition takes here, to spread the kills over all its phases.
    switchTo(cwd, 'B');
    const started = Date.now();
    expect(cliBuild(cwd).code).toBe(0);
    const span = Date.now() - started;
    const next = random(20261202);
    let current: Edition = 'B';
    for (let kill = 0; kill < 20; kill++) {
      current = current === 'A' ? 'B' : 'A';
      switchTo(cwd, current);
      const build = startBuild(cwd);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * span)));
      build.kill('SIGKILL');
      await build.exited;
      expectOnlyWholeFiles(path.join(cwd, 'out'), [reference.A, reference.B]);

      const repair = cliBuild(cwd);
      expect(repair.code, `after kill ${kill}: ${repair.stderr}`).toBe(0);
      expect(hashes(path.join(cwd, 'out')), `after kill ${kill}`).toEqual(reference[current]);
      expect(stagingLeftovers(cwd)).toEqual([]);
    }
  }, 900_000);
});

describe('a build stopped by SIGTERM in each phase', () => {
  // `--verbose` says as each phase ends; the signal goes as the next one starts.
  const PHASES = ['', 'take stock', 'parse', 'collect the site', 'plan', 'render', 'index'];

  it.each(PHASES)('should stop within 2 seconds with only whole files, after the phase "%s"', async (phase) => {
    const cwd = copyOfBuilt();
    switchTo(cwd, 'B');
    const build = startBuild(cwd, ['--verbose']);
    await until(() => phase === '' || new RegExp(`^${phase}: \\d+ ms$`, 'm').test(build.stderr()) || /^Built /m.test(build.stderr()));
    const signalled = Date.now();
    build.kill('SIGTERM');
    const { code, signal } = await build.exited;
    expect(Date.now() - signalled).toBeLessThan(2000);
    if (signal === 'SIGTERM') {
      // Signalled before Node had started it: nothing was begun.
      expect(phase).toBe('');
    } else if (!/^Built /m.test(build.stderr())) {
      // (A build that finished before the signal arrived is done, not stopped.)
      expect(code, build.stderr()).toBe(130);
      expect(build.stderr()).toContain('every file in the output is complete (old or new)');
    }
    expectOnlyWholeFiles(path.join(cwd, 'out'), [reference.A, reference.B]);
    expect(cliBuild(cwd).code).toBe(0);
    expect(hashes(path.join(cwd, 'out'))).toEqual(reference.B);
  }, 300_000);
});

describe('two builds at once', () => {
  it('should let the second wait for the first on one cache and one output, and both give the right site', async () => {
    const cwd = copyOfBuilt();
    switchTo(cwd, 'B');
    const first = startBuild(cwd);
    const second = startBuild(cwd);
    const [one, two] = await Promise.all([first.exited, second.exited]);
    expect([one.code, two.code]).toEqual([0, 0]);
    expect(first.stderr() + second.stderr()).toMatch(/Waiting for another Broadsheet build \(process \d+\) to finish with the cache/);
    expect(hashes(path.join(cwd, 'out'))).toEqual(reference.B);
  }, 300_000);

  it('should never publish one site\'s words in the other when two sites share a cache', async () => {
    // The reproduction: `build --content a --out oa --cache C &` and the same for b.
    const cwd = tempDir();
    writeFiles(path.join(cwd, 'a'), edition('A'));
    writeFiles(path.join(cwd, 'b'), edition('B'));
    writeFileSync(path.join(cwd, 'broadsheet.config.json'), CONFIG);
    const run = (site: string) => {
      const child = startCli(['build', '--content', site, '--out', `o${site}`, '--cache', 'C'], { cwd, env: CLOCK });
      child.stdout.resume();
      child.stderr.resume();
      return new Promise<number | null>((resolve) => child.on('exit', resolve));
    };
    for (let round = 0; round < 2; round++) {
      expect(await Promise.all([run('a'), run('b')])).toEqual([0, 0]);
      expect(hashes(path.join(cwd, 'oa')), `round ${round}`).toEqual(reference.A);
      expect(hashes(path.join(cwd, 'ob')), `round ${round}`).toEqual(reference.B);
    }
  }, 600_000);

  it('should take over a lock whose build was killed, without waiting', () => {
    const cwd = copyOfBuilt();
    // What a build killed with SIGKILL leaves: its lock, naming a process that is gone.
    writeFileSync(path.join(cwd, 'cache', 'lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), command: 'build' }));
    switchTo(cwd, 'B');
    const result = cliBuild(cwd);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('Waiting');
    expect(existsSync(path.join(cwd, 'cache', 'lock'))).toBe(false);
  }, 300_000);
});

describe('a damaged cache', () => {
  const FILES = ['manifest.json', 'bodies.pack', 'state.json'] as const;
  const DAMAGE = {
    truncate: (file: string) => truncateSync(file, Math.floor(statSync(file).size / 2)),
    zero: (file: string) => writeFileSync(file, Buffer.alloc(statSync(file).size)),
    delete: (file: string) => rmSync(file),
    // Another site's cache file of the same name: valid, and wrong for this one.
    swap: (file: string) => cpSync(path.join(other, 'cache', path.basename(file)), file),
  };
  let other: string;
  beforeAll(() => {
    const words = Object.fromEntries(Object.entries(edition('B')).map(([name, text]) => [name, text.replaceAll('council', 'mayor')]));
    other = project({ ...words, 'extra.md': md({ title: 'Only in the other site', date: '2026-11-20' }, 'Other words.') }, CONFIG);
    expect(cliBuild(other).code).toBe(0);
  }, 300_000);

  const cases = FILES.flatMap((file) => (Object.keys(DAMAGE) as (keyof typeof DAMAGE)[]).map((how) => [file, how] as const));
  it.each(cases)('should notice %s damaged (%s), rebuild, and match a cold build', (file, how) => {
    const cwd = copyOfBuilt();
    DAMAGE[how](path.join(cwd, 'cache', file));
    switchTo(cwd, 'B');
    const result = cliBuild(cwd);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/note: The build (cache|state) in .* (is damaged|has lost its manifest|is missing)/);
    expect(hashes(path.join(cwd, 'out'))).toEqual(reference.B);
    // And the cache it left is whole: the next build after an edit is right too.
    switchTo(cwd, 'A');
    expect(cliBuild(cwd).code).toBe(0);
    expect(hashes(path.join(cwd, 'out'))).toEqual(reference.A);
  }, 300_000);
});
