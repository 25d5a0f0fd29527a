import type { Nodes } from 'hast';
import { toText } from 'hast-util-to-text';

// Plain text for search, and for a summary when an article has no dek. Text is taken from a
// syntax tree, never from HTML: markup is never mistaken for words, nor words for markup.
// Leaf module: imported by any stage.

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The words of a tree as a reader sees them, on one line. */
export function plainText(tree: Nodes): string {
  return oneLine(toText(tree));
}

/** Text with every run of white space, line breaks included, as one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Character references as the characters they stand for (those Broadsheet's HTML uses). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, code: string) => {
    if (code[0] === '#') {
      const point = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(point) && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
    }
    return NAMED[code.toLowerCase()] ?? entity;
  });
}

/** The start of a text, cut at a word to at most `length` characters, with an ellipsis when cut. */
export function excerpt(text: string, length = 160): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > length / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}
