import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
export const VERSION = packageJson.version;

/**
 * The cache's idea of "this Broadsheet": the version, and the size and date of every file of its
 * code, so a patched install (or a developer's rebuild) with the same version number never
 * reuses what older code made.
 */
function codeFingerprint(): string {
  const hash = createHash('sha1').update(VERSION);
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.js')) {
        const info = statSync(file);
        hash.update(`${entry.name}:${info.size}:${info.mtimeMs}\n`);
      }
    }
  };
  walk(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
  return `${VERSION}+${hash.digest('hex').slice(0, 12)}`;
}

export const CODE = codeFingerprint();
