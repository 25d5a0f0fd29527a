import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, project, ROOT, SEED, tempDir } from './helpers.js';

// What a newsroom gets from `npm install broadsheet`: the packed tarball, installed into an
// empty folder, must build a site with the default theme through `npx broadsheet build`.

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the npm package', () => {
  it('should install from its tarball into an empty folder and build a site with the default theme', { timeout: 300_000 }, () => {
    const packs = tempDir();
    execFileSync(npm, ['pack', '--pack-destination', packs, '--silent'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const [tarball] = readdirSync(packs).filter((name) => name.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const site = project({ [path.basename(SEED)]: readFileSync(SEED, 'utf8') });
    writeFileSync(path.join(site, 'package.json'), JSON.stringify({ name: 'newsroom', private: true, type: 'module' }));
    const install = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', path.join(packs, tarball!)], { cwd: site, encoding: 'utf8' });
    expect(install.stderr).not.toMatch(/ERR!/);
    expect(install.status).toBe(0);

    const built = spawnSync('npx', ['broadsheet', 'build'], { cwd: site, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(built.stderr).toMatch(/Built 1 article/);
    expect(built.status).toBe(0);
    const files = listFiles(path.join(site, 'dist'));
    expect(files).toContain('index.html');
    expect(files).toContain('islamic-state-jk-commander-ishfaq-ahmad-sofi-killed-in-shopian-encounter/index.html');
    expect(files).toContain('assets/style.css');
    expect(readFileSync(path.join(site, 'dist', 'assets', 'style.css'), 'utf8')).toBe(readFileSync(path.join(ROOT, 'templates', 'assets', 'style.css'), 'utf8'));

    // The library entry point loads too, without the command line.
    const imported = spawnSync(process.execPath, ['--input-type=module', '-e', "import('broadsheet').then((m) => console.log(typeof m.build, typeof m.memoryWriter, typeof m.main))"], { cwd: site, encoding: 'utf8' });
    expect(imported.stdout.trim()).toBe('function function undefined');
  });
});
