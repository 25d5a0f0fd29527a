import { readFileSync, statSync } from 'node:fs';
import type { SourceRef } from './scan.js';

/** An article file on disk: its size now, and its bytes when they are wanted (not for one too large to read). */
export interface Source {
  size: number;
  bytes(): Uint8Array;
}

export function sourceOf(ref: SourceRef): Source {
  return { size: statSync(ref.absolutePath).size, bytes: () => readFileSync(ref.absolutePath) };
}
