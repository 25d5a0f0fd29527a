import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The end-to-end tests run `bin/broadsheet.js`, which loads `lib/bundle/`: build it from `src/`
// first, so a test never runs yesterday's compiled code. Type errors anywhere (tests too) fail the run.
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  execFileSync(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: 'inherit' });
}
