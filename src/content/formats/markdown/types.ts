import type { Place } from '../../../messages/diagnostics.js';
import type { RuleId } from '../../../messages/rules.js';

// What rendering a Markdown body takes and gives, shared by the passes that do it.

export interface BodyProblem {
  reason: string;
  /** Position within the body, not the file. */
  place: Place | undefined;
  ruleId: RuleId;
  hint: string;
}

export interface BodyOptions {
  /** Turns a reference written in the article into the href or src for the page. */
  resolveUrl: (reference: string, place: Place | undefined) => string;
  /** The pixel size of a local image, so the page can reserve its space. */
  sizeOf?: (reference: string) => { width: number; height: number } | null;
  /**
   * A dateline from front matter, led into the first paragraph as print does; null to look for
   * one written at the start of the first paragraph.
   */
  dateline: string | null;
}

export interface RenderedBody {
  html: string;
  /** The body's words as a reader sees them, on one line: for the summary and search. */
  text: string;
  /** The leading `# Heading` of the body, taken out, when the article has no title key. */
  leadingHeading: string | null;
  dateline: string | null;
  problems: BodyProblem[];
}

/** A piece of raw HTML as written in the body: a block, or one tag inside a paragraph. */
export interface RawHtml {
  /** Offsets in the body where it starts and ends. */
  start: number;
  end: number;
  /** Where it starts, which is where messages about what was taken out of it point. */
  place: { line: number; column: number };
  value: string;
}

/** Something taken out of raw HTML, to tell the writer about. */
export interface Removal {
  /** Offset in the body of the element it was on, or was. */
  offset: number;
  /** A script, a handler or a URL a page may not have; otherwise an element pages do not support. */
  unsafe: boolean;
  /** Whether an element went, rather than an attribute or a URL. */
  element: boolean;
  /** An element's name, or what the message quotes of an attribute (`onclick=`, `javascript:`). */
  what: string;
  /** An element removed with what it holds, rather than for its text to stay. */
  withContent: boolean;
}

export interface BodyData {
  options: BodyOptions;
  problems: BodyProblem[];
  hasRawHtml: boolean;
  /** The raw HTML of the body in the order it is written. */
  rawHtml: RawHtml[];
  hasTable: boolean;
  dateline: string | null;
  leadingHeading: string | null;
  takeHeading: boolean;
  text: string;
}
