import path from 'node:path';
import { serializeMeta } from '../cache.js';
import type { BuildState } from '../state.js';
import { sameOutput } from './render.js';

/** Puts the staged files in place and takes stale ones out; then readies the cache for next time. */
export async function commit(state: BuildState): Promise<void> {
  const { io, manifest, pack } = state;
  if (!state.nothingToDo && state.staging) {
    const gone = sameOutput(state) ? Object.keys(state.previous!.outputs).filter((file) => !state.produced.has(file)) : null;
    const staging = state.staging;
    state.staging = null;
    state.removed = await io.writer.commit(staging, state.staged, state.produced, gone, io.aborted, (file, mtimeMs) => {
      manifest.outputs[file]!.mtimeMs = mtimeMs;
    });
  }
  for (const [entry, meta] of state.filed) entry.meta = serializeMeta(meta);
  // Every edit appends a body; once most of the pack is old bodies, it is rewritten without them.
  if (pack.wasteful) {
    // Each body, then its text where it has one, in the order the entries are listed.
    const entries = Object.values(manifest.articles);
    const moved = pack.compact(entries.flatMap((entry) => [entry.body, entry.text].filter((ref) => ref !== null)));
    let next = 0;
    for (const entry of entries) {
      if (entry.body) entry.body = moved[next++]!;
      if (entry.text) entry.text = moved[next++]!;
    }
  }
  manifest.pack = { file: path.basename(pack.file), size: pack.size, live: pack.live, tail: pack.tail };
  manifest.templatesKey = state.templates.key;
}
