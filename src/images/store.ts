import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

// The images module's disk: the pictures it reads, and its own cache of each file made, under a
// name that is the hash of what made it (the picture's bytes, the operation, the settings, the
// encoder's version). A file here is never made again; a picture that changes has new names, so
// it alone is encoded.

export class ImageStore {
  constructor(readonly dir: string) {}

  fileOf(key: string, outputPath: string): string {
    return path.join(this.dir, createHash('sha1').update(`${key}\0${outputPath}`).digest('hex'));
  }

  has(file: string): boolean {
    return existsSync(file);
  }

  sizeOf(file: string): number | null {
    return statSync(file, { throwIfNoEntry: false })?.size ?? null;
  }
}

/** Written beside and renamed into place: a killed build leaves no half file under a good name. */
export function putFile(file: string, bytes: Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
}

/** A picture's bytes, or a theme's stylesheet. */
export function readPicture(file: string): Promise<Buffer> {
  return readFile(file);
}
