import type { TextDirection } from './types.js';

// Arabic-script and Hebrew-script languages read right to left, whatever the region.
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Thaa', 'Syrc', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Samr', 'Yezi']);

const directions = new Map<string, TextDirection>();

export function textDirection(lang: string): TextDirection {
  let direction = directions.get(lang);
  if (direction === undefined) {
    try {
      direction = RTL_SCRIPTS.has(new Intl.Locale(lang).maximize().script ?? '') ? 'rtl' : 'ltr';
    } catch {
      direction = 'ltr';
    }
    directions.set(lang, direction);
  }
  return direction;
}
