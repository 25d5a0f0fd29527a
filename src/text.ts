import type { Nodes } from 'hast';
import { toText } from 'hast-util-to-text';

// Plain text for search, and for a summary when an article has no dek. Text is taken from a
// syntax tree, never from HTML: markup is never mistaken for words, nor words for markup.
// Leaf module: imported by any stage.

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The words of a tree as a reader sees them, a block (paragraph, heading, list item) a line: the
 * lede is the first block's, and search takes the lines as one.
 */
export function blockText(tree: Nodes): string {
  return toText(tree)
    .split(/\n+/)
    .map(oneLine)
    .filter((block) => block !== '')
    .join('\n');
}

// A run of white space that is not already one plain space: a single space between words is
// left alone rather than replaced by another, which made this three times slower on prose.
const LOOSE_SPACE = /[^\S ]\s*| \s+/g;

/** Text with every run of white space, line breaks included, as one space. */
export function oneLine(text: string): string {
  return text.replace(LOOSE_SPACE, ' ').trim();
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

interface Segmenters {
  words: Intl.Segmenter;
  graphemes: Intl.Segmenter;
  sentences: Intl.Segmenter;
}

const segmenters = new Map<string, Segmenters>();

function segmentersFor(lang: string): Segmenters {
  let found = segmenters.get(lang);
  if (!found) {
    let locale: string | undefined = lang;
    try {
      new Intl.Segmenter(locale);
    } catch {
      // A tag the runtime cannot use still gets Unicode's default word rules.
      locale = undefined;
    }
    found = {
      words: new Intl.Segmenter(locale, { granularity: 'word' }),
      graphemes: new Intl.Segmenter(locale, { granularity: 'grapheme' }),
      sentences: new Intl.Segmenter(locale, { granularity: 'sentence' }),
    };
    segmenters.set(lang, found);
  }
  return found;
}

// Below U+0300 (where combining marks start) every UTF-16 unit is a character of its own.
const ONLY_SIMPLE = /^[\u0000-\u02ff]*$/;

function graphemeCount(text: string, graphemes: Intl.Segmenter): number {
  if (ONLY_SIMPLE.test(text)) return text.length;
  let count = 0;
  for (const _ of graphemes.segment(text)) count++;
  return count;
}

/** Where in `text` its first `count` graphemes end. */
function graphemeEnd(text: string, count: number, graphemes: Intl.Segmenter): number {
  let seen = 0;
  for (const { index } of graphemes.segment(text)) {
    if (seen++ === count) return index;
  }
  return text.length;
}

const SPACE = /^\s/;
// What a cut text may not end with; the ideographic comma and stop as well as the Latin marks.
const TRAILING = /[\s,;:.–—\-、。，；：]+$/u;

/**
 * The start of a text, cut between words to at most `length` characters (graphemes, as a reader
 * counts them), with an ellipsis when cut. Words are found by `Intl.Segmenter` in the text's
 * language: Chinese, Japanese and Thai, written without spaces, are cut between two words, and a
 * cut never falls inside a character. Only a cut past half the length is worth making; failing
 * that, any boundary the segmenter gives, and failing that, a cut between characters.
 */
function excerpt(text: string, lang: string, length: number): string {
  // A text with no more UTF-16 units than the length has no more graphemes either.
  if (text.length <= length) return text;
  const { words, graphemes } = segmentersFor(lang);
  // Room for the ellipsis.
  const limit = length - 1;
  let count = 0;
  let betweenWords = -1;
  let anyBoundary = -1;
  let hard = -1;
  let previousWordLike = false;
  for (const { segment, index, isWordLike } of words.segment(text)) {
    const size = graphemeCount(segment, graphemes);
    if (count > length / 2 && count <= limit) {
      anyBoundary = index;
      // Before a space (whose first character must fit, as it always has), or between two words
      // with nothing between them, as in the scripts written without spaces.
      if ((SPACE.test(segment) && count < limit) || (previousWordLike && isWordLike)) betweenWords = index;
    }
    if (hard === -1 && count + size > limit) hard = index + graphemeEnd(segment, limit - count, graphemes);
    count += size;
    if (count > length) break;
    previousWordLike = isWordLike === true;
  }
  if (count <= length) return text;
  const cut = betweenWords !== -1 ? betweenWords : anyBoundary !== -1 ? anyBoundary : hard;
  return `${text.slice(0, cut).replace(TRAILING, '')}…`;
}

/** A sentence shorter than this is not a lede on its own: an abbreviation ("Mr.") cut it short. */
const LEDE_MIN_WORDS = 8;
/** A first sentence longer than this is no teaser: the paragraph is cut instead, near 30 words. */
const LEDE_MAX_WORDS = 40;
const LEDE_LENGTH = 200;

/**
 * What a teaser and the meta description show when an article has no dek: the story's first
 * sentence, or else its first paragraph cut between words near 30 words (200 characters). `text`
 * has a block a line (`blockText`); blocks that `skip` names (a byline, a dateline standing
 * alone) are passed over, since they say nothing of the story.
 */
export function lede(text: string, lang: string, skip: (block: string) => boolean = () => false): string {
  const paragraph = text.split('\n').find((block) => block !== '' && !skip(block)) ?? '';
  const { words, sentences, graphemes } = segmentersFor(lang);
  let end = 0;
  let count = 0;
  for (const { segment, index } of sentences.segment(paragraph)) {
    end = index + segment.length;
    for (const word of words.segment(segment)) if (word.isWordLike) count++;
    if (count >= LEDE_MIN_WORDS) break;
  }
  const first = paragraph.slice(0, end).trim();
  if (count <= LEDE_MAX_WORDS && graphemeCount(first, graphemes) <= LEDE_LENGTH) return first;
  return excerpt(paragraph, lang, LEDE_LENGTH);
}
