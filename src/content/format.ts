import type { VFile } from 'vfile';
import type { Place } from '../messages/diagnostics.js';
import type { Attribution } from '../types.js';

// The contract between a content format and the rest of the build. A format reads one file into
// fields that say what the story is, in no format's terms; article.ts turns fields into an
// Article. Types only, so the scan can learn what formats claim without loading their parsers.

/** The fields an article may declare; messages name them as a writer would (`date`, `slug`). */
export type FieldName =
  | 'title' | 'dek' | 'author' | 'date' | 'updated' | 'section' | 'tags' | 'source' | 'dateline'
  | 'slug' | 'id' | 'lang' | 'image' | 'draft' | 'aliases' | 'corrections' | 'embargo' | 'status' | 'version'
  | 'live' | 'time' | 'pinned';

export interface ImageField {
  src: string;
  alt?: string | null | undefined;
  caption?: string | null | undefined;
  credit?: string | null | undefined;
  /** Pixel size, when the format says it (an agency's picture rendition). */
  width?: number | null | undefined;
  height?: number | null | undefined;
  /** The subject's place in the picture, as fractions of its width and height from the top left: crops keep it. */
  focus?: [number, number] | null | undefined;
}

export interface ArticleBody {
  /** Site-independent HTML: links to site files are marked (see links.ts), resolved at render. */
  html: string;
  /** The dateline the body opens with, when the format detected one. */
  dateline: string | null;
  /**
   * The body's words as a reader sees them, for its summary and for search, from what the format
   * made the HTML from, a block (paragraph, heading, list item) a line: the summary is the
   * first paragraph's lede. Without it, the text is read from `html`'s syntax tree.
   */
  text?: string | undefined;
}

/**
 * What a format read from one file. Absent (undefined) means "not declared", which differs from
 * declared-but-invalid: an invalid date is an error, a missing one falls back to the file name.
 */
export interface ArticleFields {
  headline: string | null;
  /** Line of the headline, for messages; a function because finding it may cost a parse. */
  headlineLine: () => number;
  dek?: string | undefined;
  /** Bylined people in order; a null url is looked up in the site's author profiles. */
  authors: { name: string; url: string | null }[];
  attribution: Attribution | null;
  /** A dateline the file declares; otherwise the body's own, if it has one. */
  dateline: string | null;
  /** A Date, or text to read in the site's time zone. */
  published?: string | Date | undefined;
  updated?: string | Date | undefined;
  corrections: { date?: string | Date | undefined; text: string }[];
  section?: string | undefined;
  tags: string[];
  slug?: string | undefined;
  id?: string | undefined;
  lang?: string | undefined;
  image?: ImageField | undefined;
  draft?: boolean | undefined;
  aliases: string[];
  /**
   * An agency item's version: stories with the same `id` and a version are one story, published
   * from the highest version, at the first version's URL and date.
   */
  version?: number | undefined;
  /**
   * When the `id` names a new story again and again (an ANPA keyword): versions more than this many
   * days after the one before them belong to another story under the same name.
   */
  itemDays?: number | undefined;
  /** An agency's publication status: withheld or canceled keeps the story off the site. */
  status?: 'usable' | 'withheld' | 'canceled' | undefined;
  /** An agency embargo: the story is held back until then, as a story dated later is. */
  embargo?: string | Date | undefined;
  /** The agency's urgency, 1 (flash) to 9; 1 and 2 are breaking news. */
  urgency?: number | undefined;
  /** The agency's short name for the story (`BC-Heat-Hawks`), kept for templates. */
  slugline?: string | undefined;
  /** The copyright notice, shown at the foot of the story. */
  copyright?: string | undefined;
  /** Fields Broadsheet does not know, kept for templates. */
  extra: Record<string, unknown>;
  /** A live story's coverage, as its `index.md` declares it: `true`, or when it starts and ends. */
  live?: true | { start?: string | Date | undefined; end?: string | Date | null | undefined } | undefined;
  /** When an update of a live story was posted. */
  time?: string | Date | undefined;
  /** An update of a live story that is a key event. */
  pinned?: boolean | undefined;
  /** Renders the body; called late, so its messages follow those about the fields. */
  body: () => ArticleBody;
  /** Where a field (or a part of it: `'corrections', 1, 'date'`) is written, for messages. */
  placeOf?: (field: FieldName, ...within: (string | number)[]) => Place | undefined;
}

/** What a format may look up while reading: the content folder's other files. */
export interface ReadContext {
  /** Path of the file relative to the content folder, with `/` separators. */
  sourcePath: string;
  /** Paths of the asset files; asking is remembered, so the cache knows what a parse read. */
  assets: ReadonlySet<string>;
  imageSize: (contentPath: string) => { width: number; height: number } | null;
  /** Whether a content path is an article file (some format claims its name). */
  isArticle: (contentPath: string) => boolean;
}

export interface ContentFormat {
  /** Short name, also the article's `format` as templates see it (`md`, `txt`). */
  id: string;
  /** File-name endings this format claims, lowercase with the dot: `['.md']`. */
  extensions?: readonly string[];
  /**
   * Claims a file by its first bytes (`SNIFF_BYTES` of them, 512), whatever its name. A file claimed
   * this way is read as raw bytes (`file.value` is a Uint8Array): agency transmissions frame
   * their text with control bytes that the text decoder would refuse as binary.
   */
  sniff?: (head: Uint8Array) => boolean;
  /**
   * Loads what `read` needs (a parser), once per thread, before the first file of this format is
   * read: the scan loads every format to learn what it claims, and a build loads the parsers of
   * the formats its files are in, not the others'.
   */
  prepare?: () => Promise<void>;
  /**
   * Reads the file; problems are messages on it. Null when nothing can be made of it; a list
   * when it holds several stories (an agency's transmission or list of items), in file order.
   * An editor's note is never among the fields: nothing of it may reach a page.
   */
  read: (file: VFile, context: ReadContext) => ArticleFields | readonly ArticleFields[] | null;
  /** How to fix what a file of this format left out; without `noDek`, a missing dek is not mentioned. */
  hints: {
    noDate: string;
    noDek?: string;
    /** How a file of this format keeps its URL when another story's headline makes the same one. */
    pinSlug?: string;
  };
}
