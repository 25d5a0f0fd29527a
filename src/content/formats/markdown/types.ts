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
  /** The leading `# Heading` of the body, taken out, when the article has no title key. */
  leadingHeading: string | null;
  dateline: string | null;
  problems: BodyProblem[];
}

export interface BodyData {
  options: BodyOptions;
  problems: BodyProblem[];
  hasRawHtml: boolean;
  dateline: string | null;
  leadingHeading: string | null;
  takeHeading: boolean;
}
