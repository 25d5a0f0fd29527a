import type { VFile } from 'vfile';
import { report, type Place } from '../../messages/diagnostics.js';
import type { Attribution } from '../../types.js';
import type { ArticleBody, ArticleFields, ContentFormat, FieldName, ImageField, ReadContext } from '../format.js';
import { paragraphsOf, textBody } from './agency/text-body.js';
import type { BodyDialect, Rendition } from './agency/nitf.js';
import type { XmlElement } from './agency/xml.js';
import { decodeUtf8OrWindows1252, decodeWindows1252 } from '../windows-1252.js';
import { splitByline } from './wire.js';

// IPTC NewsML-G2 (`.xml`): a `newsItem`, or a `newsMessage` whose `itemSet` carries several. Each
// text item is a story: its itemMeta and contentMeta give the fields, its inline NITF or XHTML
// the body; picture items in the same message give a story its lead image. Packages, concepts
// and the like are not stories and are passed over with a word. An editor's note (`edNote`,
// NITF's `ed-msg`) is never read into anything.

/** The NewsML-G2 namespace, which every 2.x version keeps; files that use none are read too. */
const G2 = 'http://iptc.org/std/nar/2006-10-01/';

// The XML parser, the body writer and the sanitiser load with `prepare`, not with this file: the
// scan asks every format what it claims, and should not pay for parsers to do it.
let xml: typeof import('./agency/xml.js') | null = null;
let nitf: typeof import('./agency/nitf.js') | null = null;
let bodies: typeof import('./agency/body.js') | null = null;
let topics: typeof import('./agency/media-topics.js') | null = null;
let reach: typeof import('./agency/pictures.js') | null = null;

// A NewsML-G2 document: its root, after the XML declaration, comments or a DOCTYPE. Other XML (a
// map, a feed) is not claimed, and stays a file of the site as before.
const XML_START = /^(?:\xEF\xBB\xBF)?\s*(?:<\?[^]*?\?>\s*|<!--[^]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(?:[\w.-]+:)?news(?:Item|Message)[\s>/]/;

/** Whether the bytes open with `<`, past a byte-order mark and white space: a quick no for prose. */
function opensWithTag(head: Uint8Array): boolean {
  let index = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  // The bytes XML_START's \s takes, read as Latin-1.
  while (index < head.length && /\s/.test(String.fromCharCode(head[index]!))) index++;
  return head[index] === 0x3c;
}

/**
 * A document's bytes in the encoding its declaration names: Latin-1 (as Windows-1252) when it says
 * so, else UTF-8; bytes that are not UTF-8 after all are read as Windows-1252, with a warning.
 */
function decodeXml(bytes: Uint8Array, file: VFile): string {
  const declared = /^[^>]*encoding\s*=\s*["']([\w.-]+)["']/.exec(String.fromCharCode(...bytes.subarray(0, 200)))?.[1]?.toLowerCase();
  if (declared && /^(?:iso-8859-1|iso8859-1|latin-?1|windows-1252|cp1252)$/.test(declared)) return decodeWindows1252(bytes);
  const { text, windows1252 } = decodeUtf8OrWindows1252(bytes);
  if (windows1252) {
    report(file, `file is not valid UTF-8${declared ? ` though it says ${declared}` : ''}; read it as Windows-1252`, {
      place: { line: 1, column: 1 },
      ruleId: 'windows-1252',
      hint: 'save the file as UTF-8, or declare its encoding: <?xml version="1.0" encoding="ISO-8859-1"?>',
    });
  }
  return text;
}

export const newsml: ContentFormat = {
  id: 'newsml',
  extensions: ['.xml'],
  // Agencies name files by their item (`tag:reuters.com,2018:newsml_…`), with no extension: a
  // NewsML-G2 document is claimed whatever its name, so it is read and never copied out raw.
  sniff: (head) => opensWithTag(head) && XML_START.test(String.fromCharCode(...head)),
  async prepare() {
    [xml, nitf, bodies, topics, reach] = await Promise.all([
      import('./agency/xml.js'),
      import('./agency/nitf.js'),
      import('./agency/body.js'),
      import('./agency/media-topics.js'),
      import('./agency/pictures.js'),
    ]);
  },
  read: readNewsMl,
  hints: {
    noDate: 'give the item `itemMeta/firstCreated` (or at least `versionCreated`), as an ISO 8601 date and time',
    noDek: 'give the item a `contentMeta/description` with role="drol:summary"',
    pinSlug: 'a NewsML-G2 item has no slug to pin: ask the agency for another headline, or file the story again as Markdown with a `slug:`',
  },
};

const HEADLINE_HINT = 'give each news item a `contentMeta/headline`';

function readNewsMl(file: VFile, context: ReadContext): ArticleFields[] | null {
  if (!xml) throw new Error('the NewsML-G2 reader is not loaded: await prepareFormats() before reading');
  const text = typeof file.value === 'string' ? file.value : decodeXml(file.value, file);
  const parsed = xml.parseXml(text);
  if (parsed.problem) {
    const { reason, line, column } = parsed.problem;
    report(file, `the XML is not well formed: ${reason}`, {
      place: { line, column },
      ruleId: 'malformed-file',
      hint: 'check the file at this place: a transmission cut short, a tag not closed, or an entity XML does not know',
    });
    return null;
  }
  const root = parsed.root;
  if (!inG2(root) || !['newsItem', 'newsMessage', ...NOT_STORIES.keys()].includes(root.name)) {
    report(file, `not a NewsML-G2 document: it opens with <${root.name}>${root.uri ? ` in ${root.uri}` : ''}`, {
      place: at(root),
      ruleId: 'malformed-file',
      hint: 'an .xml file in the content folder is read as NewsML-G2: a newsItem or a newsMessage; move other XML out of the content folder',
    });
    return null;
  }
  const items = root.name === 'newsMessage' ? childrenInG2(childInG2(root, 'itemSet'), null) : [root];
  return readItems(file, context, root, items);
}

// What a sender may put in an itemSet that is not a story, as a message names it.
const NOT_STORIES = new Map([
  ['packageItem', 'package (packageItem)'],
  ['conceptItem', 'concept item'],
  ['knowledgeItem', 'knowledge item'],
  ['planningItem', 'planning item'],
  ['catalogItem', 'catalog item'],
]);

interface Picture {
  item: XmlElement;
  guid: string;
}

function readItems(file: VFile, context: ReadContext, root: XmlElement, items: XmlElement[]): ArticleFields[] | null {
  const stories: XmlElement[] = [];
  const pictures: Picture[] = [];
  const packages: XmlElement[] = [];
  for (const item of items) {
    if (item.name === 'newsItem') {
      const kind = itemClassOf(item);
      if (kind === 'text') stories.push(item);
      else if (kind === 'picture' || kind === 'graphic') pictures.push({ item, guid: item.attributes['guid']?.trim() ?? '' });
      else skip(file, item, `a ${kind} item is not a story, and is passed over`);
    } else {
      if (item.name === 'packageItem') packages.push(item);
      skip(file, item, `a ${NOT_STORIES.get(item.name) ?? `<${item.name}>`} is not a story, and is passed over`);
    }
  }
  if (stories.length === 0) {
    if (items.length === 0) {
      report(file, 'the news message carries no news item', { place: at(root), ruleId: 'no-headline', hint: HEADLINE_HINT });
      return null;
    }
    if (pictures.length > 0) skip(file, pictures[0]!.item, `the file holds ${pictures.length === 1 ? 'a picture' : `${pictures.length} pictures`} and no story: nothing is published from it`);
    return [];
  }

  const fields: ArticleFields[] = [];
  let complete = true;
  for (const item of stories) {
    const story = readStory(file, context, item, picturesFor(item, stories, pictures, packages));
    if (story) fields.push(story);
    else complete = false;
  }
  return complete ? fields : null;
}

/** The item's class by its NewsCode (`ninat:text`, or the code's URI): text when it does not say. */
function itemClassOf(item: XmlElement): string {
  const qcode = childInG2(childInG2(item, 'itemMeta'), 'itemClass')?.attributes['qcode']?.trim() ?? '';
  const code = qcode.replace(/^.*[:/]/, '').toLowerCase();
  return code === '' ? 'text' : code;
}

function skip(file: VFile, item: XmlElement, reason: string): void {
  report(file, reason, {
    place: at(item),
    ruleId: 'unsupported-item',
    hint: 'Broadsheet publishes the text items of a NewsML-G2 file, with their pictures; packages, concepts, video and the like are not read',
  });
}

/**
 * The picture items that belong to a story: those it links to, or that a package groups with it;
 * when the message holds only one story, every picture in it.
 */
function picturesFor(story: XmlElement, stories: XmlElement[], pictures: Picture[], packages: XmlElement[]): XmlElement[] {
  if (pictures.length === 0) return [];
  const guid = story.attributes['guid']?.trim() ?? '';
  const linked = new Set(childrenInG2(childInG2(story, 'itemMeta'), 'link').flatMap((link) => [link.attributes['residref'], link.attributes['href']].map((ref) => ref?.trim() ?? '')));
  for (const pkg of packages) {
    const refs = descendants(pkg, 'itemRef').map((ref) => ref.attributes['residref']?.trim() ?? '');
    if (guid !== '' && refs.includes(guid)) for (const ref of refs) linked.add(ref);
  }
  const found = pictures.filter((picture) => picture.guid !== '' && linked.has(picture.guid));
  if (found.length > 0 || stories.length > 1) return found.map((picture) => picture.item);
  return pictures.map((picture) => picture.item);
}

function readStory(file: VFile, context: ReadContext, item: XmlElement, pictures: XmlElement[]): ArticleFields | null {
  const itemMeta = childInG2(item, 'itemMeta');
  const contentMeta = childInG2(item, 'contentMeta');
  const rightsInfo = childInG2(item, 'rightsInfo');
  const lang = childInG2(contentMeta, 'language')?.attributes['tag']?.trim() || item.lang || undefined;
  const content = storyContent(item);

  const headlines = childrenInG2(contentMeta, 'headline');
  const headlineElement =
    pick(headlines.filter((headline) => isMainRole(headline.attributes['role'])), lang) ??
    pick(headlines.filter((headline) => !isSubHeadline(headline)), lang) ??
    null;
  const nitfHead = content?.dialect === 'nitf' ? bodyHead(content.root) : null;
  // NITF's document head has a title too (BusinessDesk sends only that).
  const nitfTitle = content?.dialect === 'nitf' && content.root.name === 'nitf' ? xml!.childElement(xml!.childElement(content.root, 'head'), 'title') : null;
  const headline = textOf(headlineElement) ?? textOf(xml!.findElement(nitfHead ?? EMPTY, 'hl1')) ?? textOf(nitfTitle) ?? textOf(childInG2(itemMeta, 'title'));
  if (!headline) {
    report(file, content ? 'news item has no headline' : 'news item has neither a headline nor a body', { place: at(item), ruleId: 'no-headline', hint: HEADLINE_HINT });
    return null;
  }

  const places = new Map<FieldName, XmlElement | null>();
  const placed = (field: FieldName, element: XmlElement | null) => {
    if (element && !places.has(field)) places.set(field, element);
    return element;
  };
  placed('title', headlineElement ?? item);
  placed('id', item);
  placed('version', item);

  const byline = bylineOf(contentMeta, nitfHead, lang);
  placed('author', byline.element);
  const provider = placed('source', childInG2(itemMeta, 'provider'));
  const copyrightHolder = childInG2(rightsInfo, 'copyrightHolder');
  const attribution: Attribution | null = partyName(provider, lang) ?? byline.agency ?? partyName(copyrightHolder, lang);

  // When the item does not say when it was first sent, when its content was made says more than its latest version.
  const firstCreated = childInG2(itemMeta, 'firstCreated') ?? childInG2(contentMeta, 'contentCreated');
  const versionCreated = childInG2(itemMeta, 'versionCreated');
  placed('date', firstCreated ?? versionCreated);
  placed('updated', versionCreated);
  const embargoed = placed('embargo', childInG2(itemMeta, 'embargoed'));
  // An empty embargoed means "embargoed until further notice": held back, as a withheld item is.
  const embargo = textOf(embargoed);
  const status = embargoed && !embargo ? 'withheld' : statusOf(placed('status', childInG2(itemMeta, 'pubStatus')));
  placed('lang', childInG2(contentMeta, 'language'));

  const datelineElement = childInG2(contentMeta, 'dateline');
  const located = childInG2(contentMeta, 'located');
  placed('dateline', datelineElement ?? located);
  // NewsML-G2's `version` defaults to 1; a guid makes every file of the item one story.
  const version = /^\d+$/.test(item.attributes['version']?.trim() ?? '') ? Number(item.attributes['version']) : item.attributes['guid'] ? 1 : undefined;
  const urgency = Number(textOf(childInG2(contentMeta, 'urgency')));

  const lead = leadImage(file, context, pictures, content, lang);
  if (lead) places.set('image', lead.element);
  const subjects = childrenInG2(contentMeta, 'subject');
  placed('tags', subjects[0] ?? null);

  const fields: ArticleFields = {
    headline,
    headlineLine: () => (headlineElement ?? item).line,
    dek: textOf(dekOf(contentMeta, lang)) ?? textOf(xml!.findElement(nitfHead ?? EMPTY, 'abstract')) ?? undefined,
    authors: byline.authors.map((name) => ({ name, url: null })),
    attribution: attribution ? { name: attribution.name, url: null } : null,
    // The dash or colon that leads into the story is the body's, not the dateline's.
    dateline: textOf(datelineElement)?.replace(/\s*[-–—:]+$/, '') || nameOf(located, lang),
    published: textOf(firstCreated) ?? textOf(versionCreated) ?? undefined,
    updated: updateOf(textOf(firstCreated), textOf(versionCreated), embargo),
    corrections: [],
    tags: subjects.flatMap((subject) => tagOf(subject, item, lang) ?? []),
    id: item.attributes['guid']?.trim() || undefined,
    lang,
    image: lead?.image,
    aliases: [],
    version,
    status,
    embargo: embargo ?? undefined,
    urgency: Number.isInteger(urgency) && urgency >= 1 && urgency <= 9 ? urgency : undefined,
    slugline: textOf(childInG2(contentMeta, 'slugline')) ?? undefined,
    copyright: textOf(childInG2(rightsInfo, 'copyrightNotice')) ?? undefined,
    extra: {},
    body: () => bodyOf(file, content, lead?.fromBody ?? null),
    placeOf: (field) => {
      const element = places.get(field);
      return element ? at(element) : undefined;
    },
  };
  return fields;
}

/**
 * When the story was updated: its version's time, if that is after its first. Not when an embargo
 * holds it back past that time: it is published at the embargo, and first seen as it then is.
 */
function updateOf(firstCreated: string | null, versionCreated: string | null, embargo: string | null): string | undefined {
  if (firstCreated === null || versionCreated === null) return undefined;
  const version = Date.parse(versionCreated);
  if (Number.isNaN(version)) return versionCreated;
  const later = (other: string | null) => other !== null && Date.parse(other) >= version;
  return later(firstCreated) || later(embargo) ? undefined : versionCreated;
}

const EMPTY: XmlElement = { kind: 'element', name: '', uri: '', attributes: {}, lang: null, children: [], line: 1, column: 1 };

// ---------------------------------------------------------------------------------------------
// People, parties and words.

/** A headline with no role, or the main one; a sub-headline is a dek. */
function isMainRole(role: string | undefined): boolean {
  return role === undefined || role.trim() === '' || /(?:^|:)main$/i.test(role.trim());
}

function isSubHeadline(headline: XmlElement): boolean {
  return /(?:^|:)sub-?headline$/i.test(headline.attributes['role']?.trim() ?? '');
}

/** The dek: a description that summarises (or has no role), else a sub-headline. */
function dekOf(contentMeta: XmlElement | null, lang: string | undefined): XmlElement | null {
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
function bylineOf(contentMeta: XmlElement | null, nitfHead: XmlElement | null, lang: string | undefined): { authors: string[]; agency: Attribution | null; element: XmlElement | null } {
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
  const nitfByline = nitfHead ? xml!.findElement(nitfHead, 'byline') : null;
  if (nitfByline) {
    const persons = xml!.childElements(nitfByline, 'person').flatMap((person) => textOf(person) ?? []);
    if (persons.length > 0) return { authors: persons.map((person) => person.replace(/^by\s+/i, '')), agency: null, element: null };
    const words = nitfByline.children.filter((child) => child.kind === 'text').map((child) => xml!.textContent(child)).join(' ').replace(/\s+/g, ' ').replace(/[\s,;]+$/, '').trim();
    if (words) {
      const split = splitByline(words);
      return { authors: split.authors, agency: agencyOf(split.agency), element: null };
    }
  }
  return { authors: [], agency: null, element: null };
}

/** A provider or copyright holder by name: its `name`, else its literal, else its code made readable. */
function partyName(party: XmlElement | null, lang: string | undefined): Attribution | null {
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
function nameOf(element: XmlElement | null, lang: string | undefined): string | null {
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
function pick(elements: XmlElement[], lang: string | undefined): XmlElement | undefined {
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
function tagOf(subject: XmlElement, item: XmlElement, lang: string | undefined): string | null {
  const qcode = subject.attributes['qcode']?.trim();
  let name = nameOf(subject, lang);
  if (!name && qcode) {
    const assert = childrenInG2(item, 'assert').find((candidate) => candidate.attributes['qcode']?.trim() === qcode);
    name = nameOf(assert ?? null, lang);
  }
  return topics!.subjectTag({ code: qcode ?? null, name });
}

function statusOf(pubStatus: XmlElement | null): ArticleFields['status'] {
  const code = pubStatus?.attributes['qcode']?.trim().replace(/^.*[:/]/, '').toLowerCase();
  if (code === 'usable' || code === 'withheld') return code;
  if (code === 'canceled' || code === 'cancelled') return 'canceled';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The body and its pictures.

interface StoryContent {
  dialect: BodyDialect | 'text';
  /** The NITF or XHTML document's root, or the inlineData element. */
  root: XmlElement;
}

/** What the contentSet carries inline: NITF or XHTML first, else plain text. */
function storyContent(item: XmlElement): StoryContent | null {
  const contentSet = childInG2(item, 'contentSet');
  let text: StoryContent | null = null;
  for (const content of childrenInG2(contentSet, null)) {
    const type = (content.attributes['contenttype'] ?? '').toLowerCase();
    if (content.name === 'inlineXML') {
      const root = xml!.childElements(content)[0];
      if (!root) continue;
      if (root.name === 'nitf' || root.name === 'body.content' || type.includes('nitf')) return { dialect: 'nitf', root };
      if (root.name === 'html' || root.name === 'body' || type.includes('html')) return { dialect: 'xhtml', root };
    } else if (content.name === 'inlineData' && !text && (type === '' || type.startsWith('text/plain')) && !content.attributes['encoding']) {
      if (xml!.textContent(content).trim() !== '') text = { dialect: 'text', root: content };
    }
  }
  return text;
}

function bodyHead(nitfRoot: XmlElement): XmlElement | null {
  const body = nitfRoot.name === 'body' ? nitfRoot : xml!.childElement(nitfRoot, 'body');
  return xml!.childElement(body, 'body.head');
}

function bodyOf(file: VFile, content: StoryContent | null, leave: XmlElement | null): ArticleBody {
  if (!content) return { html: '', dateline: null };
  if (content.dialect === 'text') return textBody(paragraphsOf(xml!.textContent(content.root)));
  const options = { leave: new Set(leave ? [leave] : []) };
  const written = content.dialect === 'nitf' ? nitf!.nitfBodyHtml(content.root, options) : nitf!.xhtmlBodyHtml(content.root, options);
  return bodies!.htmlBody(file, written.html, (inside) => {
    const point = 'start' in inside ? inside.start : inside;
    return written.placeInFile(point);
  });
}

/** Plain text's paragraphs: blank lines part them when there are any, else each line is one. */
interface Lead {
  image: ImageField;
  /** The element the picture was given in. */
  element: XmlElement;
  /** The body's own picture, taken out of the body to lead it; null when a picture item leads. */
  fromBody: XmlElement | null;
}

/**
 * The story's lead picture: the largest rendition a page can show of its first picture item, else
 * the first picture in its body. A picture whose renditions are neither on the web nor in the
 * content folder is left out with a warning.
 */
function leadImage(file: VFile, context: ReadContext, pictures: XmlElement[], content: StoryContent | null, lang: string | undefined): Lead | null {
  const usable = (src: string) => reach!.isReachable(src, context);
  for (const picture of pictures) {
    const renditions = renditionsOf(picture);
    if (renditions.length === 0) continue;
    const best = nitf!.bestRendition(renditions, usable);
    if (!best) {
      warnUnreachable(file, picture, renditions);
      continue;
    }
    const contentMeta = childInG2(picture, 'contentMeta');
    const captions = childrenInG2(contentMeta, 'description').filter((description) => /^(?:|.*:caption|.*:summary)$/i.test(description.attributes['role']?.trim() ?? ''));
    const alt = childrenInG2(contentMeta, 'description').filter((description) => /alt(?:ernative)?-?text$/i.test(description.attributes['role']?.trim() ?? ''));
    const headline = pick(childrenInG2(contentMeta, 'headline').filter((element) => isMainRole(element.attributes['role'])), lang);
    const credit =
      textOf(childInG2(contentMeta, 'creditline')) ??
      textOf(pick(childrenInG2(contentMeta, 'by'), lang)) ??
      nameOf(childrenInG2(contentMeta, 'creator')[0] ?? null, lang) ??
      partyName(childInG2(childInG2(picture, 'itemMeta'), 'provider'), lang)?.name ??
      null;
    return {
      image: { src: best.src, alt: textOf(pick(alt, lang)), caption: textOf(pick(captions, lang)) ?? textOf(headline), credit, width: best.width, height: best.height },
      element: picture,
      fromBody: null,
    };
  }
  if (!content || content.dialect === 'text') return null;
  for (const found of nitf!.bodyPictures(content.root, content.dialect)) {
    const best = nitf!.bestRendition(found.renditions, usable);
    if (!best) {
      warnUnreachable(file, found.element, found.renditions);
      continue;
    }
    return {
      image: { src: best.src, alt: found.alt, caption: found.caption, credit: found.credit, width: best.width, height: best.height },
      element: found.element,
      fromBody: found.element,
    };
  }
  return null;
}

function renditionsOf(picture: XmlElement): Rendition[] {
  return childrenInG2(childInG2(picture, 'contentSet'), 'remoteContent').flatMap((remote): Rendition[] => {
    const src = remote.attributes['href']?.trim() ?? '';
    if (src === '') return [];
    const type = remote.attributes['contenttype']?.split(';')[0]!.trim().toLowerCase() || null;
    return [{ src, type, width: nitf!.dimension(remote.attributes['width']), height: nitf!.dimension(remote.attributes['height']), rendition: remote.attributes['rendition']?.trim() || null }];
  });
}

function warnUnreachable(file: VFile, picture: XmlElement, renditions: Rendition[]): void {
  // Named by the rendition a page would have shown, had it been there.
  const wanted = nitf!.bestRendition(renditions, () => true);
  if (!wanted) return;
  report(file, `the picture is neither on the web nor in the content folder, so it is left out: ${wanted.src}`, {
    place: at(picture),
    ruleId: 'image-unavailable',
    hint: 'put the picture file beside the NewsML-G2 file, under the name its remoteContent href gives',
  });
}

// ---------------------------------------------------------------------------------------------
// Reading the tree: NewsML-G2 elements are in its namespace or in none.

function inG2(element: XmlElement): boolean {
  return element.uri === G2 || element.uri === '';
}

function childrenInG2(element: XmlElement | null | undefined, name: string | null): XmlElement[] {
  if (!element) return [];
  return xml!.childElements(element).filter((child) => inG2(child) && (name === null || child.name === name));
}

function childInG2(element: XmlElement | null | undefined, name: string): XmlElement | null {
  return childrenInG2(element, name)[0] ?? null;
}

function descendants(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of xml!.childElements(element)) {
    if (child.name === name) found.push(child);
    found.push(...descendants(child, name));
  }
  return found;
}

/** An element's words on one line, or null when it has none. */
function textOf(element: XmlElement | null | undefined): string | null {
  return nitf!.textOf(element);
}

function at(element: XmlElement): Place {
  return { line: element.line, column: element.column };
}
