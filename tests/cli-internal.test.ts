import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/index.js';
import type { CliIO } from '../src/cli/terminal.js';
import { project } from './helpers.js';

// main(argv, io) runs in the test's own process with the test's streams, folder and clock.
function fakeIO(cwd: string, overrides: Partial<CliIO> = {}): CliIO & { err: () => string; out: () => string } {
  let stderr = '';
  let stdout = '';
  return {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { NO_COLOR: '1', BROADSHEET_WORKERS: '0' },
    cwd,
    now: () => new Date('2026-11-25T12:00:00Z'),
    onSignal: () => () => {},
    peakMemory: () => 0,
    exit: () => {},
    err: () => stderr,
    out: () => stdout,
    ...overrides,
  };
}

describe('main(argv, io)', () => {
  it('should build into the folder it is given, from the folder it is given, with its clock', async () => {
    const cwd = project({ 'a.md': '---\ntitle: A story\ndate: 2026-11-20\n---\nBody' });
    const io = fakeIO(cwd);
    expect(await main(['build', '--out', 'out', '--no-search'], io)).toBe(0);
    expect(io.err()).toMatch(/^Built 1 article, \d+ pages and 0 feeds into out\//m);
    const again = fakeIO(cwd);
    expect(await main(['build', '--out', 'out', '--no-search'], again)).toBe(0);
    expect(again.err()).toMatch(/^Up to date: 1 article/m);
  });

  it('should print a usage mistake with its rule id and exit 2', async () => {
    const cwd = project({ 'a.md': '---\ntitle: A\n---\nBody', '../broadsheet.config.json': '{"titel": "x"}' });
    const io = fakeIO(cwd);
    expect(await main(['check'], io)).toBe(2);
    expect(io.err()).toContain('broadsheet.config.json:1:2: error: unknown key "titel" [config-unknown-key]');
    const json = fakeIO(cwd);
    expect(await main(['check', '--format', 'json'], json)).toBe(2);
    expect(JSON.parse(json.out()).diagnostics[0]).toMatchObject({ ruleId: 'config-unknown-key', message: 'unknown key "titel"' });
  });
});

// A bug inside Broadsheet (not a content mistake) must not dump a stack on a newsroom:
// one line asking for a report, and the stack only with --verbose.
describe('an internal error', () => {
  async function run(args: string[]): Promise<{ code: number; stderr: string }> {
    const io = fakeIO(project({ 'a.md': '---\ntitle: A\n---\nBody' }), {
      now: () => {
        throw new TypeError('something impossible happened');
      },
    });
    const code = await main(args, io);
    return { code, stderr: io.err() };
  }

  it('should print a short line asking for a report, without the stack', async () => {
    const { code, stderr } = await run(['build', '--out', 'out']);
    expect(code).toBe(70);
    expect(stderr).toBe(
      'internal error: something impossible happened\n' +
        'This is a bug in Broadsheet, not in your content. Please report it with the command you ran.\n' +
        'Run again with --verbose to see the stack.\n',
    );
  });

  it('should print the stack with --verbose', async () => {
    const { stderr } = await run(['build', '--out', 'out', '--verbose']);
    expect(stderr).toMatch(/TypeError: something impossible happened\n\s+at /);
  });
});
