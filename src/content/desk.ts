import { slugify } from '../urls.js';

// Desks: a newsroom keeps its copy in a folder a desk (`sport/`, `business/`), and a story that
// names no section is in its desk's. Leaf module: `broadsheet new` uses it without the parsers.

// `sport/`, not `2026/` or `11/`: date folders sort an archive, they are not a desk.
const DATE_FOLDER = /^\d{1,4}$/;
const MINOR_WORDS = new Set(['a', 'an', 'and', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);

/**
 * The section of a story that names none: the first folder under the content folder that is
 * not a date part, named as the config says or as a desk writes it (`sport` → Sport,
 * `middle-east` → Middle East).
 */
export function deskOf(sourcePath: string, names: Record<string, string>): string | null {
  const folder = sourcePath.split('/').slice(0, -1).find((part) => !DATE_FOLDER.test(part));
  if (folder === undefined) return null;
  const named = names[folder];
  if (named !== undefined) return named;
  const words = folder.split(/[-_\s]+/).filter((word) => word !== '');
  if (words.length === 0) return null;
  return words
    .map((word, index) => (index > 0 && MINOR_WORDS.has(word.toLowerCase()) ? word.toLowerCase() : word[0]!.toUpperCase() + word.slice(1)))
    .join(' ');
}

/** The folder a story of `section` goes in: the one the config names so, or the section's slug. */
export function folderOf(section: string, names: Record<string, string>): string {
  return Object.entries(names).find(([, name]) => name === section)?.[0] ?? slugify(section);
}
