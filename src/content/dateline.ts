import { agencyInBrackets } from './agencies.js';

// A dateline opens a story: a place in capitals, optionally a date and an agency in brackets,
// then a dash or colon. `KOCHI, March 3 -`, `SRINAGAR (Reuters) —`, `NEW DELHI:`.

const WORD = String.raw`\p{Lu}[\p{Lu}\p{M}'’.\-]*`;
const PLACE = String.raw`${WORD}(?:[ \t]+${WORD})*`;
const MONTH = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
const DATE = String.raw`,?[ \t]+(?:${MONTH}[ \t]+\d{1,2}|\d{1,2}[ \t]+${MONTH})(?:,?[ \t]+\d{4})?`;
// The state or country after the city is often in title case: `KYIV, Ukraine —`, `SAN JOSÉ, Costa Rica (AP) —`.
const REGION_WORD = String.raw`\p{Lu}[\p{L}\p{M}'’.\-]*`;
const REGION = String.raw`,[ \t]+${REGION_WORD}(?:[ \t]+${REGION_WORD})*`;
const AGENCY = String.raw`[ \t]*\([^()\n]{1,40}\)`;
const DATELINE = new RegExp(
  // The story after the dash starts a sentence: `NASA - the agency said` is not a dateline.
  String.raw`^(${PLACE}(?:${REGION})?(?:${DATE})?(?:${AGENCY})?)([ \t]*(?:--|[-–—]|:)[ \t]+)(?=[^\s\p{Ll}])`,
  'u',
);

// Capitalised words that open a paragraph without being a place.
const NOT_PLACES = new Set(['BREAKING', 'UPDATE', 'UPDATED', 'EXCLUSIVE', 'ANALYSIS', 'OPINION', 'EDITORIAL', 'CORRECTION', 'WATCH', 'LIVE', 'NOTE', 'EDITOR’S NOTE', "EDITOR'S NOTE", 'FILE', 'PHOTO', 'VIDEO']);

export interface DetectedDateline {
  /** The dateline itself, without the dash: `KOCHI, March 3`. */
  text: string;
  /** The separator as written, spaces included: ` - `. */
  separator: string;
}

// Agencies outside North America write the place as a name, not in capitals, with the agency in
// brackets: `Berlin (dpa) -`, `San Diego (tca/dpa) -`, `Rio de Janeiro (AFP) -`. The brackets are
// what make it a dateline, so they are required here.
const NAMED_WORD = String.raw`\p{Lu}[\p{L}\p{M}'’.\-]*`;
const NAMED_PLACE = String.raw`${NAMED_WORD}(?:[ \t]+(?:${NAMED_WORD}|de|da|do|del|la|le|am|an|im|upon|on))*`;
const NAMED_DATELINE = new RegExp(String.raw`^(${NAMED_PLACE}(?:${REGION})?(?:${DATE})?${AGENCY})([ \t]*(?:--|[-–—]|:)[ \t]+)(?=[^\s\p{Ll}])`, 'u');

export function detectDateline(paragraph: string): DetectedDateline | null {
  const capitals = DATELINE.exec(paragraph);
  // A name in brackets that is not an agency (`Apple (AAPL) -`) makes no dateline of a named place.
  const named = capitals ? null : NAMED_DATELINE.exec(paragraph);
  const match = capitals ?? (named && agencyInBrackets(/\([^()]*\)\s*$/.exec(named[1]!)![0]) ? named : null);
  if (!match) return null;
  const text = match[1]!;
  const place = text.split(/[,(]/u)[0]!.trim();
  if (NOT_PLACES.has(place.toUpperCase())) return null;
  if (capitals && place.replace(/[^\p{Lu}]/gu, '').length < 2) return null;
  return { text, separator: match[2]! };
}
