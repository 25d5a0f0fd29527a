import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, isSafeImageUrl, isSafeUrl, jsonForScript } from '../src/escape.js';
import { parseHtml } from './helpers.js';

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
