import { readFileSync, statSync } from 'node:fs';
import type { SourceRef } from './scan.js';

/** An article file on disk: its size now, and its bytes when they are wanted (not for one too large to read). */
export interface Source {
  size: number;
  bytes(): Uint8Array;
  /** A live story's files: its index, then its updates, in the order of `ref.parts`. */
  files?: Source[];
}

export function sourceOf(ref: SourceRef): Source {
  if (!ref.parts) {
    // Read once: a live story's files are read for its hash and again to be parsed.
    let bytes: Uint8Array | null = null;
    return { size: statSync(ref.absolutePath).size, bytes: () => (bytes ??= readFileSync(ref.absolutePath)) };
  }
  const { parts, ...index } = ref;
  const refs = [index, ...parts];
  const files = refs.map(sourceOf);
  return {
    size: files.reduce((sum, file) => sum + file.size, 0),
    // A live story's content hash is taken over its files, each after its name.
    bytes: () => Buffer.concat(refs.flatMap((part, i) => [Buffer.from(`${part.sourcePath}\0`), files[i]!.bytes(), Buffer.from('\0')])),
    files,
  };
}
