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
