import type { ArticleFields } from '../../format.js';
import type { Attribution } from '../../../types.js';
import { subjectTag } from './media-topics.js';
import { textOf } from './nitf.js';
import { childElements, findElement, textContent, type XmlElement } from './xml.js';
import { splitByline } from '../wire.js';

// NewsML-G2's words as newsml.ts reads them: its elements (in its namespace or in none), and the
// people, parties and concepts an item names, in the story's language where it gives several.
// Loaded with the XML parser, by the format's prepare.

/** The NewsML-G2 namespace, which every 2.x version keeps; files that use none are read too. */
const G2 = 'http://iptc.org/std/nar/2006-10-01/';

/** An element's words on one line, or null when it has none. */
export { textOf };

// ---------------------------------------------------------------------------------------------
// Reading the tree: NewsML-G2 elements are in its namespace or in none.

export function inG2(element: XmlElement): boolean {
  return element.uri === G2 || element.uri === '';
}

export function childrenInG2(element: XmlElement | null | undefined, name: string | null): XmlElement[] {
  if (!element) return [];
  return childElements(element).filter((child) => inG2(child) && (name === null || child.name === name));
}

export function childInG2(element: XmlElement | null | undefined, name: string): XmlElement | null {
  return childrenInG2(element, name)[0] ?? null;
}

export function descendants(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of childElements(element)) {
    if (child.name === name) found.push(child);
    found.push(...descendants(child, name));
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// People, parties and words.

/** A headline with no role, or the main one; a sub-headline is a dek. */
export function isMainRole(role: string | undefined): boolean {
  return role === undefined || role.trim() === '' || /(?:^|:)main$/i.test(role.trim());
}

export function isSubHeadline(headline: XmlElement): boolean {
  return /(?:^|:)sub-?headline$/i.test(headline.attributes['role']?.trim() ?? '');
}

/** The dek: a description that summarises (or has no role), else a sub-headline. */
export function dekOf(contentMeta: XmlElement | null, lang: string | undefined): XmlElement | null {
  const descriptions = childrenInG2(contentMeta, 'description').filter((description) => {
    const role = description.attributes['role']?.trim() ?? '';
    return role === '' || /(?:^|:)summary$/i.test(role);
  });
  const subHeadlines = childrenInG2(contentMeta, 'headline').filter(isSubHeadline);
  return pick(descriptions, lang) ?? pick(subHeadlines, lang) ?? null;
}

/**
 * Who wrote the story: the `by` line (the agency that closes it taken out), else the creators'
 * names, else NITF's byline. A creator that is an agency is the attribution, not an author.
 */
export function bylineOf(contentMeta: XmlElement | null, nitfHead: XmlElement | null, lang: string | undefined): { authors: string[]; agency: Attribution | null; element: XmlElement | null } {
  const agencyOf = (name: string | null) => (name ? { name, url: null } : null);
  const by = pick(childrenInG2(contentMeta, 'by'), lang);
  const byText = textOf(by);
  if (by && byText) {
    const { authors, agency } = splitByline(byText);
    return { authors, agency: agencyOf(agency), element: by };
  }
  const creators = childrenInG2(contentMeta, 'creator').filter((creator) => !/photographer|camera|illustrat|graphic/i.test(creator.attributes['role'] ?? ''));
  const authors: string[] = [];
  let agency: string | null = null;
  for (const creator of creators) {
    const name = nameOf(creator, lang) ?? (creator.attributes['literal']?.trim() || null);
    if (!name) continue;
    const split = splitByline(name);
    authors.push(...split.authors);
    agency ??= split.agency;
  }
  if (authors.length > 0 || agency) return { authors, agency: agencyOf(agency), element: creators[0] ?? null };
  const nitfByline = nitfHead ? findElement(nitfHead, 'byline') : null;
  if (nitfByline) {
    const persons = childElements(nitfByline, 'person').flatMap((person) => textOf(person) ?? []);
    if (persons.length > 0) return { authors: persons.map((person) => person.replace(/^by\s+/i, '')), agency: null, element: null };
    const words = nitfByline.children.filter((child) => child.kind === 'text').map((child) => textContent(child)).join(' ').replace(/\s+/g, ' ').replace(/[\s,;]+$/, '').trim();
    if (words) {
      const split = splitByline(words);
      return { authors: split.authors, agency: agencyOf(split.agency), element: null };
    }
  }
  return { authors: [], agency: null, element: null };
}

/** A provider or copyright holder by name: its `name`, else its literal, else its code made readable. */
export function partyName(party: XmlElement | null, lang: string | undefined): Attribution | null {
  if (!party) return null;
  const name = nameOf(party, lang) ?? (party.attributes['literal']?.trim() || null) ?? readableCode(party.attributes['qcode']);
  return name ? { name, url: null } : null;
}

/** `nprov:REUTERS` → Reuters; an acronym (`nprov:AFP`) stays as it is. */
function readableCode(qcode: string | undefined): string | null {
  const code = qcode?.trim().replace(/^.*[:/]/, '').replace(/[_-]+/g, ' ').trim() ?? '';
  if (code === '') return null;
  return /^[A-Z]{5,}$/.test(code) ? code.charAt(0) + code.slice(1).toLowerCase() : code;
}

// Which of several names (`nrol:full`, `nrol:mnemonic`…) a reader should see, best first.
const NAME_ROLES = ['', 'display', 'full', 'short'];

/** The name of a concept (a subject, a creator, a place) in the story's language if it has one. */
export function nameOf(element: XmlElement | null, lang: string | undefined): string | null {
  const names = childrenInG2(element, 'name').filter((name) => textOf(name) !== null);
  const roleRank = (name: XmlElement) => {
    const role = (name.attributes['role'] ?? '').trim().replace(/^.*:/, '').toLowerCase();
    const rank = NAME_ROLES.indexOf(role);
    return rank === -1 ? (role === 'mnemonic' ? 9 : 5) : rank;
  };
  const sorted = [...names].sort((a, b) => langRank(a, lang) - langRank(b, lang) || roleRank(a) - roleRank(b));
  return textOf(sorted[0]);
}

/** Of several elements that say one thing in several languages, the one in the story's. */
export function pick(elements: XmlElement[], lang: string | undefined): XmlElement | undefined {
  return [...elements].sort((a, b) => langRank(a, lang) - langRank(b, lang))[0];
}

function langRank(element: XmlElement, lang: string | undefined): number {
  const own = element.lang?.toLowerCase();
  const wanted = lang?.toLowerCase();
  if (!own || !wanted) return 1;
  if (own === wanted) return 0;
  return own.split('-')[0] === wanted.split('-')[0] ? 0.5 : 2;
}

/** A subject's tag: its name, the name an `assert` gives its code, else the Media Topic's name for it. */
export function tagOf(subject: XmlElement, item: XmlElement, lang: string | undefined): string | null {
  const qcode = subject.attributes['qcode']?.trim();
  let name = nameOf(subject, lang);
  if (!name && qcode) {
    const assert = childrenInG2(item, 'assert').find((candidate) => candidate.attributes['qcode']?.trim() === qcode);
    name = nameOf(assert ?? null, lang);
  }
  return subjectTag({ code: qcode ?? null, name });
}

export function statusOf(pubStatus: XmlElement | null): ArticleFields['status'] {
  const code = pubStatus?.attributes['qcode']?.trim().replace(/^.*[:/]/, '').toLowerCase();
  if (code === 'usable' || code === 'withheld') return code;
  if (code === 'canceled' || code === 'cancelled') return 'canceled';
  return undefined;
}
