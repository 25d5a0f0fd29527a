import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ContentTree, Theme } from './scan.js';
import type { Diagnostic } from '../messages/report.js';
import type { BuildOptions, SiteConfig } from '../types.js';

// The quickest build is the one that sees nothing has changed: the same sources (by size, mtime
// and inode), templates, config and flags as the last good build, and a clock that has not yet
// reached the next moment the site changes by itself (an embargo lifting, a story ageing out of
// the news sitemap). Then it replays the last build's messages and writes nothing. This check
// reads one small file and loads none of the parsers.

export interface BuildState {
  format: 2;
  inputs: string;
  /** The `writtenAt` of the manifest saved with this state: a state from another cache does not match. */
  manifest: number;
  out: string;
  /** The clock of the build that wrote this state. */
  now: number;
  /** The first moment after `now` at which the same inputs would make a different site. */
  validUntil: number;
  summary: { articles: number; pages: number; feeds: number; outputs: number };
  diagnostics: Diagnostic[];
  notices: string[];
}

const STATE_FILE = 'state.json';

export function inputsKey(input: {
  version: string;
  config: SiteConfig;
  options: Pick<BuildOptions, 'drafts' | 'future' | 'search' | 'dev'>;
  tree: ContentTree;
  theme: Theme;
  /** The key of the dates undated stories take (a commit can date a story without touching it). */
  undated: string | null;
}): string {
  const hash = createHash('sha1');
  hash.update(`${input.version}\n${JSON.stringify(input.config)}\n${input.options.drafts}|${input.options.future}|${input.options.search}|${input.options.dev === true}\n${input.undated}\n`);
  // One string per list, hashed at once: ten thousand small updates cost more than the hashing.
  for (const list of [input.tree.articles, input.tree.assets, input.theme.assets]) {
    hash.update(`${list.map((ref) => `${ref.sourcePath}\0${ref.size}\0${ref.mtimeMs}\0${ref.ino}`).join('\n')}\n--\n`);
  }
  for (const problem of [...input.tree.problems, ...input.theme.problems]) hash.update(`${problem.path}\0${problem.messages.map((message) => message.reason).join('\0')}\n`);
  for (const name of Object.keys(input.theme.templates).sort()) hash.update(`${name}\0${input.theme.templates[name]}\0`);
  return hash.digest('hex');
}

/** The last build's state; a file that is there but not one (cut short, zeroed) is said. */
export function readState(cacheDir: string): { state: BuildState | null; notice: string | null } {
  let text: string;
  try {
    text = readFileSync(path.join(cacheDir, STATE_FILE), 'utf8');
  } catch {
    return { state: null, notice: null };
  }
  try {
    const state = JSON.parse(text) as BuildState;
    // Another version's state: not damaged, only not this version's to trust.
    if (state?.format !== 2) return { state: null, notice: null };
    if (typeof state.inputs === 'string' && typeof state.manifest === 'number' && Array.isArray(state.notices) && Array.isArray(state.diagnostics)) return { state, notice: null };
  } catch {
    // Said below.
  }
  return { state: null, notice: `The build state in ${cacheDir} is damaged; checking every source again.` };
}

export function writeState(cacheDir: string, state: BuildState): void {
  mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, STATE_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}

/** Whether the last build's output still stands for these inputs at this clock. */
export function isUpToDate(state: BuildState | null, inputs: string, outDir: string, now: Date, marker: string): state is BuildState {
  return (
    state !== null &&
    state.inputs === inputs &&
    state.out === path.resolve(outDir) &&
    now.getTime() >= state.now &&
    now.getTime() < state.validUntil &&
    existsSync(path.join(outDir, marker))
  );
}
