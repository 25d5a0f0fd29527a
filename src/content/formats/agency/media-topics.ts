// IPTC Media Topics (https://cv.iptc.org/newscodes/mediatopic/), the subject vocabulary agencies
// tag stories with. A story's tags are the topics' names, never bare codes: an agency that sends a
// code without its name gets the name from here, and a code this list does not know is no tag.

/** English names by code, as IPTC writes them. */
const NAMES: Record<string, string> = {
  '01000000': 'arts, culture, entertainment and media',
  '02000000': 'crime, law and justice',
  '03000000': 'disaster, accident and emergency incident',
  '04000000': 'economy, business and finance',
  '05000000': 'education',
  '06000000': 'environment',
  '07000000': 'health',
  '08000000': 'human interest',
  '09000000': 'labour',
  '10000000': 'lifestyle and leisure',
  '11000000': 'politics',
  '12000000': 'religion',
  '13000000': 'science and technology',
  '14000000': 'society',
  '15000000': 'sport',
  '16000000': 'conflict, war and peace',
  '17000000': 'weather',
};

/** The code of a Media Topic however it is written: `medtop:04000000`, its URI, or the digits. */
function codeOf(written: string): string | null {
  return /^(?:medtop:|https?:\/\/cv\.iptc\.org\/newscodes\/mediatopic\/)?(\d{8})$/i.exec(written.trim())?.[1] ?? null;
}

/**
 * The tag for a subject: the name the agency gave, else the Media Topic's name for its code;
 * null when it has neither. The first letter is made a capital, as a tag is shown.
 */
export function subjectTag(subject: { code?: string | null | undefined; name?: string | null | undefined }): string | null {
  const code = subject.code ? codeOf(subject.code) : null;
  const name = subject.name?.trim() || (code ? NAMES[code] : undefined);
  return name ? name.charAt(0).toUpperCase() + name.slice(1) : null;
}
