import type { VFile } from 'vfile';
import { report, type Place } from '../../messages/diagnostics.js';
import type { Attribution } from '../../types.js';
import type { ArticleBody, ArticleFields, ContentFormat, FieldName, ImageField, ReadContext } from '../format.js';
import { paragraphsOf, textBody } from './agency/text-body.js';
import type { BodyDialect, Rendition } from './agency/nitf.js';
import type { XmlElement } from './agency/xml.js';
import { decodeUtf8OrWindows1252, decodeWindows1252 } from '../windows-1252.js';

// IPTC NewsML-G2 (`.xml`): a `newsItem`, or a `newsMessage` whose `itemSet` carries several. Each
// text item is a story: its itemMeta and contentMeta give the fields, its inline NITF or XHTML
// the body; picture items in the same message give a story its lead image. Packages, concepts
// and the like are not stories and are passed over with a word. An editor's note (`edNote`,
// NITF's `ed-msg`) is never read into anything.

// The XML parser, the body writer and the sanitiser load with `prepare`, not with this file: the
// scan asks every format what it claims, and should not pay for parsers to do it.
let xml: typeof import('./agency/xml.js') | null = null;
let nitf: typeof import('./agency/nitf.js') | null = null;
let bodies: typeof import('./agency/body.js') | null = null;
let reach: typeof import('./agency/pictures.js') | null = null;
let words: typeof import('./agency/newsml-words.js') | null = null;

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
    [xml, nitf, bodies, reach, words] = await Promise.all([
      import('./agency/xml.js'),
      import('./agency/nitf.js'),
      import('./agency/body.js'),
      import('./agency/pictures.js'),
      import('./agency/newsml-words.js'),
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
  if (!words!.inG2(root) || !['newsItem', 'newsMessage', ...NOT_STORIES.keys()].includes(root.name)) {
    report(file, `not a NewsML-G2 document: it opens with <${root.name}>${root.uri ? ` in ${root.uri}` : ''}`, {
      place: at(root),
      ruleId: 'malformed-file',
      hint: 'an .xml file in the content folder is read as NewsML-G2: a newsItem or a newsMessage; move other XML out of the content folder',
    });
    return null;
  }
  const items = root.name === 'newsMessage' ? words!.childrenInG2(words!.childInG2(root, 'itemSet'), null) : [root];
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
  const qcode = words!.childInG2(words!.childInG2(item, 'itemMeta'), 'itemClass')?.attributes['qcode']?.trim() ?? '';
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
  const linked = new Set(words!.childrenInG2(words!.childInG2(story, 'itemMeta'), 'link').flatMap((link) => [link.attributes['residref'], link.attributes['href']].map((ref) => ref?.trim() ?? '')));
  for (const pkg of packages) {
    const refs = words!.descendants(pkg, 'itemRef').map((ref) => ref.attributes['residref']?.trim() ?? '');
    if (guid !== '' && refs.includes(guid)) for (const ref of refs) linked.add(ref);
  }
  const found = pictures.filter((picture) => picture.guid !== '' && linked.has(picture.guid));
  if (found.length > 0 || stories.length > 1) return found.map((picture) => picture.item);
  return pictures.map((picture) => picture.item);
}

function readStory(file: VFile, context: ReadContext, item: XmlElement, pictures: XmlElement[]): ArticleFields | null {
  const itemMeta = words!.childInG2(item, 'itemMeta');
  const contentMeta = words!.childInG2(item, 'contentMeta');
  const rightsInfo = words!.childInG2(item, 'rightsInfo');
  const lang = words!.childInG2(contentMeta, 'language')?.attributes['tag']?.trim() || item.lang || undefined;
  const content = storyContent(item);

  const headlines = words!.childrenInG2(contentMeta, 'headline');
  const headlineElement =
    words!.pick(headlines.filter((headline) => words!.isMainRole(headline.attributes['role'])), lang) ??
    words!.pick(headlines.filter((headline) => !words!.isSubHeadline(headline)), lang) ??
    null;
  const nitfHead = content?.dialect === 'nitf' ? bodyHead(content.root) : null;
  // NITF's document head has a title too (BusinessDesk sends only that).
  const nitfTitle = content?.dialect === 'nitf' && content.root.name === 'nitf' ? xml!.childElement(xml!.childElement(content.root, 'head'), 'title') : null;
  const headline = words!.textOf(headlineElement) ?? words!.textOf(xml!.findElement(nitfHead ?? EMPTY, 'hl1')) ?? words!.textOf(nitfTitle) ?? words!.textOf(words!.childInG2(itemMeta, 'title'));
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

  const byline = words!.bylineOf(contentMeta, nitfHead, lang);
  placed('author', byline.element);
  const provider = placed('source', words!.childInG2(itemMeta, 'provider'));
  const copyrightHolder = words!.childInG2(rightsInfo, 'copyrightHolder');
  const attribution: Attribution | null = words!.partyName(provider, lang) ?? byline.agency ?? words!.partyName(copyrightHolder, lang);

  // When the item does not say when it was first sent, when its content was made says more than its latest version.
  const firstCreated = words!.childInG2(itemMeta, 'firstCreated') ?? words!.childInG2(contentMeta, 'contentCreated');
  const versionCreated = words!.childInG2(itemMeta, 'versionCreated');
  placed('date', firstCreated ?? versionCreated);
  placed('updated', versionCreated);
  const embargoed = placed('embargo', words!.childInG2(itemMeta, 'embargoed'));
  // An empty embargoed means "embargoed until further notice": held back, as a withheld item is.
  const embargo = words!.textOf(embargoed);
  const status = embargoed && !embargo ? 'withheld' : words!.statusOf(placed('status', words!.childInG2(itemMeta, 'pubStatus')));
  placed('lang', words!.childInG2(contentMeta, 'language'));

  const datelineElement = words!.childInG2(contentMeta, 'dateline');
  const located = words!.childInG2(contentMeta, 'located');
  placed('dateline', datelineElement ?? located);
  // NewsML-G2's `version` defaults to 1; a guid makes every file of the item one story.
  const version = /^\d+$/.test(item.attributes['version']?.trim() ?? '') ? Number(item.attributes['version']) : item.attributes['guid'] ? 1 : undefined;
  const urgency = Number(words!.textOf(words!.childInG2(contentMeta, 'urgency')));

  const lead = leadImage(file, context, pictures, content, lang);
  if (lead) places.set('image', lead.element);
  const subjects = words!.childrenInG2(contentMeta, 'subject');
  placed('tags', subjects[0] ?? null);

  const fields: ArticleFields = {
    headline,
    headlineLine: () => (headlineElement ?? item).line,
    dek: words!.textOf(words!.dekOf(contentMeta, lang)) ?? words!.textOf(xml!.findElement(nitfHead ?? EMPTY, 'abstract')) ?? undefined,
    authors: byline.authors.map((name) => ({ name, url: null })),
    attribution: attribution ? { name: attribution.name, url: null } : null,
    // The dash or colon that leads into the story is the body's, not the dateline's.
    dateline: words!.textOf(datelineElement)?.replace(/\s*[-–—:]+$/, '') || words!.nameOf(located, lang),
    published: words!.textOf(firstCreated) ?? words!.textOf(versionCreated) ?? undefined,
    updated: updateOf(words!.textOf(firstCreated), words!.textOf(versionCreated), embargo),
    corrections: [],
    tags: subjects.flatMap((subject) => words!.tagOf(subject, item, lang) ?? []),
    id: item.attributes['guid']?.trim() || undefined,
    lang,
    image: lead?.image,
    aliases: [],
    version,
    status,
    embargo: embargo ?? undefined,
    urgency: Number.isInteger(urgency) && urgency >= 1 && urgency <= 9 ? urgency : undefined,
    slugline: words!.textOf(words!.childInG2(contentMeta, 'slugline')) ?? undefined,
    copyright: words!.textOf(words!.childInG2(rightsInfo, 'copyrightNotice')) ?? undefined,
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
// The body and its pictures.

interface StoryContent {
  dialect: BodyDialect | 'text';
  /** The NITF or XHTML document's root, or the inlineData element. */
  root: XmlElement;
}

/** What the contentSet carries inline: NITF or XHTML first, else plain text. */
function storyContent(item: XmlElement): StoryContent | null {
  const contentSet = words!.childInG2(item, 'contentSet');
  let text: StoryContent | null = null;
  for (const content of words!.childrenInG2(contentSet, null)) {
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
    const contentMeta = words!.childInG2(picture, 'contentMeta');
    const captions = words!.childrenInG2(contentMeta, 'description').filter((description) => /^(?:|.*:caption|.*:summary)$/i.test(description.attributes['role']?.trim() ?? ''));
    const alt = words!.childrenInG2(contentMeta, 'description').filter((description) => /alt(?:ernative)?-?text$/i.test(description.attributes['role']?.trim() ?? ''));
    const headline = words!.pick(words!.childrenInG2(contentMeta, 'headline').filter((element) => words!.isMainRole(element.attributes['role'])), lang);
    const credit =
      words!.textOf(words!.childInG2(contentMeta, 'creditline')) ??
      words!.textOf(words!.pick(words!.childrenInG2(contentMeta, 'by'), lang)) ??
      words!.nameOf(words!.childrenInG2(contentMeta, 'creator')[0] ?? null, lang) ??
      words!.partyName(words!.childInG2(words!.childInG2(picture, 'itemMeta'), 'provider'), lang)?.name ??
      null;
    return {
      image: { src: best.src, alt: words!.textOf(words!.pick(alt, lang)), caption: words!.textOf(words!.pick(captions, lang)) ?? words!.textOf(headline), credit, width: best.width, height: best.height },
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
  return words!.childrenInG2(words!.childInG2(picture, 'contentSet'), 'remoteContent').flatMap((remote): Rendition[] => {
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

function at(element: XmlElement): Place {
  return { line: element.line, column: element.column };
}
