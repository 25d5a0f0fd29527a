import type { Attribution } from '../types.js';

// An attribution as a writer gives it, in any format: a name, with or without a link.

const URL_IN_TEXT = /https?:\/\/[^\s<>"]+[^\s<>"'.,;:!?)\]]/i;

/** `First Post`, `Reuters https://reuters.com/x`, `https://example.org/story` */
export function parseAttribution(value: string): Attribution {
  const url = URL_IN_TEXT.exec(value)?.[0] ?? null;
  if (!url) return { name: value.trim(), url: null };
  const name = value
    .replace(url, ' ')
    .replace(/[(<[]\s*[)>\]]/g, ' ')
    .replace(/^[\s,;:|–—-]+|[\s,;:|–—-]+$/g, '')
    .replace(/\s+/g, ' ');
  return { name: name || new URL(url).hostname.replace(/^www\./, ''), url };
}
