import { afterEach, describe, expect, it, vi } from 'vitest';
import { project } from './helpers.js';

// A bug inside Broadsheet (not a content mistake) must not dump a stack on a newsroom:
// one line asking for a report, and the stack only with --verbose.
vi.mock('../src/build/index.js', () => ({
  build: () => {
    throw new TypeError('something impossible happened');
  },
}));

describe('an internal error', () => {
  const cwd = process.cwd();
  afterEach(() => {
    process.chdir(cwd);
    vi.restoreAllMocks();
  });

  async function run(args: string[]): Promise<{ code: number; stderr: string }> {
    const { main } = await import('../src/cli.js');
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    process.chdir(project({ 'a.md': '---\ntitle: A\n---\nBody' }));
    const code = await main(args);
    return { code, stderr };
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
