// Types shared by every stage of the pipeline. Types only: no code lives here.

export interface Person {
  name: string;
  /** Profile or home page; only http(s), mailto or site-relative. */
  url: string | null;
}

export interface Attribution {
  name: string;
  url: string | null;
}

export interface Correction {
  date: Date | null;
  text: string;
}

export interface LeadImage {
  /** Site path (`/world/photo.jpg`) for a local file, or an absolute http(s) URL. */
  src: string;
  alt: string | null;
  caption: string | null;
  credit: string | null;
  width: number | null;
  height: number | null;
  /** Where the subject is, as fractions across and down: crops for social cards keep it. Null: found by the picture's own salience. */
  focus: [number, number] | null;
}

export type TextDirection = 'ltr' | 'rtl';

/** One update of a live story: a file of its folder. */
export interface LiveUpdate {
  /** Its anchor on the story's page, from its file's name, so it never changes: `update-0830-landfall`. */
  anchor: string;
  /** Path of its file relative to the content folder. */
  sourcePath: string;
  time: Date;
  headline: string | null;
  authors: Person[];
  /** Where the update came from: wire text's closing `Source:`. */
  attribution: Attribution | null;
  /** A key event: listed at the top of the page. */
  pinned: boolean;
  draft: boolean;
  /** Site-independent HTML, as an article's body is. */
  html: string;
  /** Its words as plain text, for structured data and search. */
  text: string;
}

/** A live story's coverage: when it runs, and its updates, newest first. */
export interface LiveCoverage {
  start: Date;
  end: Date | null;
  /**
   * Newest first; the same time in the order of the files. As parsed, every update; on the site,
   * those published at the build's clock (drafts and updates timed later are held back).
   */
  updates: LiveUpdate[];
  /** At the build's clock: `live` until `end`, then `ended` (set when the site is collected). */
  state: 'live' | 'ended';
}

/** One news article, as every stage after parsing sees it. */
export interface Article {
  /** Path of the source file relative to the content folder, with `/` separators. */
  sourcePath: string;
  /** Id of the content format that read it (`txt`, `md`). */
  format: string;
  headline: string;
  dek: string | null;
  /** The dek, or else the opening of the body: what search results and social cards show. */
  summary: string;
  authors: Person[];
  /** The dateline as written (`KOCHI, March 3`), from front matter or detected in the text. */
  dateline: string | null;
  published: Date | null;
  /**
   * Where `published` came from when the file gives no date: its first commit in git, or its
   * modification time. Such a date orders and dates the story but never makes its URL.
   */
  dateInferred: 'git' | 'mtime' | null;
  updated: Date | null;
  /** From the front matter, or else the desk folder the file is in. */
  section: string | null;
  tags: string[];
  attribution: Attribution | null;
  corrections: Correction[];
  image: LeadImage | null;
  lang: string;
  dir: TextDirection;
  slug: string;
  /** The file names its slug: a clash with another story's URL is the editor's to settle. */
  slugPinned: boolean;
  /** Site path of the page, always starting and ending with `/` (`/2026/11/20/story/`). */
  url: string;
  /** Permanent identifier for feeds: front matter `id`, else the first URL the article had. */
  id: string;
  /** Old site paths that redirect here. */
  aliases: string[];
  draft: boolean;
  /** A hash of the file's text, white space aside: a story filed twice has one fingerprint. */
  fingerprint: string;
  /** The body as HTML: only the body, never the attribution. */
  bodyHtml: string;
  /** An agency embargo the story gives; `published` is never earlier. */
  embargo: Date | null;
  /** Which story of its file this is: 0, or more in an agency transmission holding several. */
  story: number;
  /** An agency item's version: the highest of one `id` is published (null outside agency copy). */
  version: number | null;
  /** Days within which versions of this `id` are one story, when the id is reused; else null. */
  itemDays: number | null;
  /** An agency's publication status; only usable stories are published. */
  status: 'usable' | 'withheld' | 'canceled';
  /** The agency's urgency, 1 (flash) to 9, or null. */
  urgency: number | null;
  /** Urgency 1 or 2, and under a day old by the build's clock: the theme shows "Breaking". */
  breaking: boolean;
  /** The agency's short name for the story (`BC-Heat-Hawks`), or null. */
  slugline: string | null;
  /** The copyright notice the story came with, shown at its foot, or null. */
  copyright: string | null;
  /** Front-matter keys Broadsheet does not know, kept for templates. */
  extra: Record<string, unknown>;
  /** A live story's coverage; null for every other story. */
  live: LiveCoverage | null;
}

/** An article without its body: what lists, feeds' item lists and sitemaps need. */
export type ArticleMeta = Omit<Article, 'bodyHtml'>;

/** An article as parsing makes it: with its body's words as a reader sees them, which search indexes. */
export interface ParsedArticle extends Article {
  bodyText: string;
}

export interface PublisherConfig {
  name: string;
  url: string | null;
  logo: string | null;
}

export interface AuthorProfile {
  bio: string | null;
  /** `@handle`, for `twitter:creator`. */
  twitter: string | null;
  url: string | null;
  image: string | null;
}

/** The config file's text and its name as messages show it. */
export interface ConfigSource {
  name: string;
  text: string;
}

export interface ImageSettings {
  widths: number[];
  formats: ('avif' | 'webp')[];
  quality: { avif: number; webp: number; jpeg: number };
  maxPixels: number;
}

export interface SiteConfig {
  title: string;
  description: string | null;
  /** Absolute base URL (`https://news.example/`), or null for a build that opens from disk. */
  baseUrl: string | null;
  /** Links that name files, so the site opens from disk even with a base URL for metadata. */
  relativeLinks: boolean;
  language: string;
  timeZone: string;
  publisher: PublisherConfig;
  authors: Record<string, AuthorProfile>;
  /** The site's `@handle`, for `twitter:site`. */
  twitter: string | null;
  /** How pictures are processed; null: image files are copied as they are. */
  images: ImageSettings | null;
  /** Permalink pattern for dated articles, tokens `:year :month :day :section :slug :filename`. */
  permalink: string;
  perPage: number;
  feedItems: number;
  newsPublicationName: string;
  /** Sections linked from the site's navigation, in order. Empty: every section, by name. */
  navigation: string[];
  /** Section names for desk folders, by folder name. */
  sections: Record<string, string>;
  /** Where a story with no date of its own takes one: its file's first commit, its mtime, or nowhere. */
  undated: 'git' | 'mtime' | 'none';
  live: LiveSettings;
}

export interface LiveSettings {
  /** A story that is live leads the home page and its section. */
  lead: boolean;
  /** Updates on a live story's first page, and on each page of earlier ones. */
  perPage: number;
}

/** A file the build produces. `path` is relative to the output folder, with `/` separators. */
export type OutputFile =
  | { path: string; contents: string | Uint8Array }
  | { path: string; copyFrom: string };

export interface BuildOptions {
  drafts: boolean;
  future: boolean;
  /** Index the site for search with Pagefind. */
  search: boolean;
  /** The build's clock: `SOURCE_DATE_EPOCH` when set, otherwise now. */
  now: Date;
  /** Pages for the dev server: their policy lets its live-reload script run. Never for publishing. */
  dev?: boolean;
}

/** Dates for stories whose files give none. */
export interface UndatedDates {
  /** The first commit of each file in git, or each file's modification time. */
  from: 'git' | 'mtime';
  /** Milliseconds since the epoch, by source path. */
  dates: ReadonlyMap<string, number>;
  /** A key of the dates: a commit can date a story without touching its file. */
  key: string;
  /** How long reading them took, for `--verbose`. */
  ms: number;
}
