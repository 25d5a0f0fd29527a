// Escaping for each place text from content can land. Leaf module: imported by any stage.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

const SCRIPT_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON that is safe inside `<script>`: `</script>` and `<!--` cannot end or confuse the element,
 * and the JavaScript line separators cannot break older parsers. JSON.parse gives back the value.
 */
export function jsonForScript(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(/[<>&\u2028\u2029]/g, (char) => SCRIPT_ESCAPES[char]!);
}

const SAFE_SCHEME = /^(?:https?|mailto):/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Whether a URL from content may become a link: http, https, mailto, relative and `#` only.
 * Browsers ignore tabs and newlines inside a scheme (`java\tscript:`), so those are removed
 * before looking, and so are the control characters and spaces browsers strip from the front.
 */
export function isSafeUrl(url: string): boolean {
  const squeezed = url.replace(/[\u0000-\u0020\u007f]+/g, '');
  return !ANY_SCHEME.test(squeezed) || SAFE_SCHEME.test(squeezed);
}

/** Images may also be inline `data:image/*`, which cannot run script in an `<img>`. */
export function isSafeImageUrl(url: string): boolean {
  return isSafeUrl(url) || /^data:image\/[a-z0-9.+-]+[;,]/i.test(url.trim());
}

// XML 1.0 allows tab, LF, CR and most of Unicode, but no other C0 control, no lone surrogate and
// not U+FFFE or U+FFFF: one of them makes the whole document unreadable to an XML parser. DEL and
// the C1 controls are allowed but discouraged (feed validators warn about them): in news copy
// they are mis-decoded Windows-1252, never meant. All of them are dropped.
const NOT_XML = /[^\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Text with the characters XML cannot carry removed. */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML, '');
}

const XML_TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
// An attribute value's tab and line break would be read back as spaces, and its quote would end it.
const XML_ATTRIBUTE_ESCAPES: Record<string, string> = { ...XML_TEXT_ESCAPES, '"': '&quot;', '\t': '&#9;', '\n': '&#10;' };

/** Escapes text for XML element content: any text from content reads back exactly. */
export function escapeXml(text: string): string {
  return xmlChars(text).replace(/[&<>\r]/g, (char) => XML_TEXT_ESCAPES[char]!);
}

/** Escapes text for a double-quoted XML attribute value. */
export function escapeXmlAttribute(text: string): string {
  return xmlChars(text).replace(/[&<>"\t\n\r]/g, (char) => XML_ATTRIBUTE_ESCAPES[char]!);
}

/**
 * Text as a CDATA section. `]]>` would end the section early, so the section is closed between
 * `]]` and `>` and a new one opened; a CR, which a parser would read as LF, goes between two
 * sections as a character reference. The text reads back exactly.
 */
export function xmlCdata(text: string): string {
  return `<![CDATA[${xmlChars(text).replaceAll(']]>', ']]]]><![CDATA[>').replaceAll('\r', ']]>&#13;<![CDATA[')}]]>`;
}
