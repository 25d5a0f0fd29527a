// @ts-check
// The command line as a few files: `broadsheet build` is a process that starts, builds once and
// exits, and Node 20 loads each of the 500 modules of the compiled code and its dependencies one
// by one, in the process and again in each worker thread. Bundled, an edit of one story spends
// half as long parsing it (loading the Markdown stack, mostly), and a cold build's workers parse
// faster (bench/README.md, the evening run of 2026-12-03). The library (`lib/index.js`) stays as
// compiled. Run after `tsc`: the bundle is made from `lib/`.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const lib = fileURLToPath(new URL('../lib/', import.meta.url));
// At the same depth as the compiled folders, so that the paths the code finds beside itself
// (`../../package.json`, `../../templates`, `./worker.js`) are where they were.
const dir = `${lib}bundle`;
rmSync(dir, { recursive: true, force: true });

await build({
  input: {
    index: `${lib}cli/index.js`,
    worker: `${lib}build/workers/worker.js`,
    'darkroom-child': `${lib}images/darkroom-child.js`,
  },
  platform: 'node',
  // Native code, and Pagefind's binary: each is found from its own package's folder.
  external: [/^node:/, 'sharp', 'pagefind'],
  // gray-matter's own JavaScript engine calls `eval`; Broadsheet replaces it with one that refuses
  // (src/content/formats/markdown/front-matter.ts), so the call is never made.
  checks: { eval: false },
  logLevel: 'warn',
  output: { dir, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
});
