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
    // Each story's body, then its text, in the order the entries are listed.
    const stories = Object.values(manifest.articles).flatMap((entry) => entry.stories);
    const moved = pack.compact(stories.flatMap((story) => [story.body, story.text]));
    stories.forEach((story, index) => {
      story.body = moved[2 * index]!;
      story.text = moved[2 * index + 1]!;
    });
  }
  manifest.pack = { file: path.basename(pack.file), size: pack.size, live: pack.live, tail: pack.tail };
  manifest.templatesKey = state.templates.key;
}
