import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../messages/errors.js';
import type { ConfigSource, SiteConfig } from '../types.js';

// The site config: `broadsheet.config.json` at the project root, or `--config FILE`. Validating
// it means loading the schema library, so a config that validated before (same bytes, same
// Broadsheet) is taken from the cache as it was resolved then.

export const CONFIG_FILE = 'broadsheet.config.json';

export interface LoadedConfig {
  config: SiteConfig;
  /** The file it came from, or null for the defaults. */
  path: string | null;
  /** Its text and its name as messages show it, to place notices about its keys. */
  source: ConfigSource | null;
}

/**
 * Reads the config: `explicitPath` when given (it must exist), else `broadsheet.config.json`
 * in `cwd` when there is one, else the defaults.
 */
export async function loadConfig(
  explicitPath: string | undefined,
  cwd: string,
  options: { cacheDir?: string | null; version?: string } = {},
): Promise<LoadedConfig> {
  const file = path.resolve(cwd, explicitPath ?? CONFIG_FILE);
  const display = path.relative(cwd, file) || file;
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    if (explicitPath !== undefined || (cause as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UsageError(`config file not found: ${display}`, 'check the path given to --config');
    }
  }

  const fingerprint = createHash('sha1').update(`${options.version ?? ''}\0${text ?? ''}`).digest('hex');
  const remembered = options.cacheDir ? path.join(options.cacheDir, 'config.json') : null;
  if (remembered) {
    try {
      const saved = JSON.parse(readFileSync(remembered, 'utf8')) as { fingerprint: string; config: SiteConfig };
      if (saved.fingerprint === fingerprint) return { config: saved.config, path: text === null ? null : file, source: text === null ? null : { name: display, text } };
    } catch {
      // Nothing remembered yet; validate below.
    }
  }

  const { defaultConfig, parseConfigText } = await import('./config-schema.js');
  const config = text === null ? defaultConfig() : parseConfigText(text, display);
  if (remembered) {
    try {
      mkdirSync(path.dirname(remembered), { recursive: true });
      writeFileSync(`${remembered}.tmp`, JSON.stringify({ fingerprint, config }));
      renameSync(`${remembered}.tmp`, remembered);
    } catch {
      // A cache that cannot be written only makes the next build a little slower.
    }
  }
  return { config, path: text === null ? null : file, source: text === null ? null : { name: display, text } };
}
