import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeXml, escapeXmlAttribute, isSafeImageUrl, isSafeUrl, jsonForScript, xmlCdata, xmlChars } from '../src/escape.js';
import { parseHtml } from './helpers.js';

const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

/** What libxml2 reads from `xml`, as canonical XML (every value escaped one way only). */
function canonicalXml(xml: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync('xmllint', ['--c14n', '-'], { input: xml, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const CANONICAL_ESCAPES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x9;': '\t', '&#xA;': '\n', '&#xD;': '\r' };
const uncanonical = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#x9|#xA|#xD);/g, (entity) => CANONICAL_ESCAPES[entity]!);

/** Text with what breaks XML most: CDATA ends, markup, line ends, and characters XML 1.0 forbids. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(']]>', ']]', '>', '&', '&amp;', '<', '"', "'", '\r', '\r\n', '\t', '\n', '\u0000', '\u0001', '\u000b', '\u007f', '\u0085', '\ud800', '\udfff', '\ufffe', '\uffff', '\u{1f4f0}'),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) }),
    ),
  )
  .map((parts) => parts.join(''));

describe('escaping', () => {
  it('should round-trip any text through HTML element content and attributes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (text, attribute) => {
        // Text the HTML parser normalises on its own (NUL, CR) is out of scope for escaping.
        const clean = (value: string) => value.replace(/[\u0000\r]/g, '');
        const document = parseHtml(`<p title="${escapeHtml(clean(attribute))}">${escapeHtml(clean(text))}</p>`);
        expect(document.querySelector('p')?.textContent).toBe(clean(text));
        expect(document.querySelector('p')?.getAttribute('title')).toBe(clean(attribute));
      }),
      { numRuns: 1000 },
    );
  });

  it('should make JSON that cannot end or confuse a script element, and parses back to the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, text) => {
        for (const input of [value, { text: `</script>${text}<!--\u2028\u2029&` }]) {
          const json = jsonForScript(input);
          expect(json).not.toMatch(/[<>&\u2028\u2029]/);
          expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(input)));
          const document = parseHtml(`<script type="application/ld+json">${json}</script><p>after</p>`);
          expect(JSON.parse(document.querySelector('script')!.textContent!)).toEqual(JSON.parse(JSON.stringify(input)));
          expect(document.querySelector('p')?.textContent).toBe('after');
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('escaping for XML', () => {
  it('should drop the characters XML 1.0 cannot carry, and the controls it discourages', () => {
    expect(xmlChars('a\u0000b\u0001c\u000bd\u001fe\u007ff\u0085g\u009fh\ud800i\udc00j\ufffek\uffffl')).toBe('abcdefghijkl');
    expect(xmlChars('tab\tLF\nCR\r é ½ \u00a0 \ud7ff \ue000 \ufffd \u{1f4f0}')).toBe('tab\tLF\nCR\r é ½ \u00a0 \ud7ff \ue000 \ufffd \u{1f4f0}');
  });

  it('should keep `]]>` from ending a CDATA section', () => {
    expect(xmlCdata('a ]]> b')).toBe('<![CDATA[a ]]]]><![CDATA[> b]]>');
    expect(escapeXml('a ]]> <b> & c')).toBe('a ]]&gt; &lt;b&gt; &amp; c');
    expect(escapeXmlAttribute('"q" <a> & \'s\'\n')).toBe('&quot;q&quot; &lt;a&gt; &amp; \'s\'&#10;');
  });

  it.skipIf(!hasXmllint && !process.env['CI'])('should make well-formed XML that an XML parser reads back as the text, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(hostileText, { minLength: 1, maxLength: 40 }), (texts) => {
        const elements = texts.map((text) => `<t a="${escapeXmlAttribute(text)}">${escapeXml(text)}</t><c>${xmlCdata(text)}</c>`);
        const read = canonicalXml(`<?xml version="1.0" encoding="utf-8"?>\n<r>${elements.join('')}</r>`);
        expect(read.stderr).toBe('');
        const values = [...read.stdout.matchAll(/<t a="([^"]*)">([^<]*)<\/t><c>([^<]*)<\/c>/g)].map((match) => match.slice(1).map(uncanonical));
        expect(values).toEqual(texts.map((text) => [xmlChars(text), xmlChars(text), xmlChars(text)]));
      }),
      { numRuns: 100 },
    );
  });
});

describe('safe URLs', () => {
  it.each([
    'https://example.org/',
    'http://example.org/a?b=c#d',
    'mailto:desk@example.org',
    '/2026/11/20/story/',
    '../photo.jpg',
    'photo.jpg',
    '#section',
    '?page=2',
    '//cdn.example.org/x.jpg',
  ])('should allow %j', (url) => {
    expect(isSafeUrl(url)).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0000javascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
  ])('should refuse %j', (url) => {
    expect(isSafeUrl(url)).toBe(false);
  });

  it('should allow data:image/* only as an image', () => {
    expect(isSafeImageUrl('data:image/png;base64,iVBORw0KGgo=')).toBe(true);
    expect(isSafeUrl('data:image/png;base64,iVBORw0KGgo=')).toBe(false);
    expect(isSafeImageUrl('data:text/html;base64,PHNjcmlwdD4=')).toBe(false);
  });
});
