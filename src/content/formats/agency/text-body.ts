import { oneLine } from '../../../text.js';
import { detectDateline } from '../../dateline.js';
import type { ArticleBody } from '../../format.js';
import { wireBodyHtml } from '../wire.js';

// Plain paragraphs from an agency (a transmission's text, ninjs `body_text`), set as wire text is.

/** A body of plain paragraphs, as wire text sets them: a dateline opening the first is marked. */
export function textBody(paragraphs: string[]): ArticleBody {
  const kept = paragraphs.map(oneLine).filter((paragraph) => paragraph !== '');
  const dateline = kept[0] === undefined ? null : detectDateline(kept[0]);
  return { html: wireBodyHtml({ paragraphs: kept, dateline }), text: kept.join('\n'), dateline: dateline?.text ?? null };
}
