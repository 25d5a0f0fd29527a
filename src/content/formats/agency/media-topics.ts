import { MEDIA_TOPIC_NAMES } from './media-topics-data.js';

// IPTC Media Topics (https://cv.iptc.org/newscodes/mediatopic/), the subject vocabulary agencies
// tag stories with. A story's tags are the topics' names, never bare codes: an agency that sends a
// code without its name gets the name from here, and a code this list does not know is no tag.
// The names, of every level and of retired topics too (they still arrive in archives), are in
// media-topics-data.ts, which scripts/media-topics.mjs writes from IPTC's own copy of the vocabulary.

/** The code of a Media Topic however it is written: `medtop:04000000`, its URI, or the digits. */
function codeOf(written: string): string | null {
  return /^(?:medtop:|https?:\/\/cv\.iptc\.org\/newscodes\/mediatopic\/)?(\d{8})$/i.exec(written.trim())?.[1] ?? null;
}

/**
 * The tag for a subject: the name the agency gave, else the Media Topic's name for its code;
 * null when it has neither. A tag is shown with a capital (`Sport`), unless its first word
 * already has one of its own (`eSports`, not `ESports`).
 */
export function subjectTag(subject: { code?: string | null | undefined; name?: string | null | undefined }): string | null {
  const code = subject.code ? codeOf(subject.code) : null;
  const name = subject.name?.trim() || (code ? MEDIA_TOPIC_NAMES[code] : undefined);
  if (!name) return null;
  return /^\P{Lu}+(?:\s|$)/u.test(name) ? name.charAt(0).toUpperCase() + name.slice(1) : name;
}
