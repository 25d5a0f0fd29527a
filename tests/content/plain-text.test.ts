import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDateline } from '../../src/content/dateline.js';
import { splitByline } from '../../src/content/formats/wire.js';
import { parseWireCopy, wireBodyHtml } from '../../src/content/formats/wire.js';
import { oneLine } from '../../src/text.js';
import { parseArticle, parseHtml, SEED } from '../helpers.js';

describe('wire copy: the seed article', () => {
  const text = readFileSync(SEED, 'utf8');
  const lines = text.split('\n');
  const copy = parseWireCopy(text);

  it('should take the first line as the headline', () => {
    expect(copy.headline).toBe('Islamic State J&K commander Ishfaq Ahmad Sofi killed in Shopian encounter');
  });

  it('should make lines 2–15 the 14 body paragraphs, in order', () => {
    expect(copy.paragraphs).toHaveLength(14);
    expect(copy.paragraphs).toEqual(lines.slice(1, 15).map((line) => line.trim()));
  });

  it('should read the closing Source line as the attribution, not the body', () => {
    expect(copy.attribution).toEqual({ name: 'First Post', url: null });
    expect(copy.paragraphs.join('\n')).not.toContain('First Post');
    expect(copy.byline).toBeNull();
  });

  it('should keep curly quotes and escape markup characters as text', () => {
    const html = wireBodyHtml(copy);
    expect(html).toContain('“distinguish between the truth and falsehood.”');
    const paragraphs = parseHtml(`<div>${html}</div>`).querySelectorAll('p');
    expect(paragraphs).toHaveLength(14);
  });
});

describe('wire copy: byline', () => {
  it('should read a By line after the headline and split authors on commas, "and" and "&"', () => {
    const copy = parseWireCopy('Headline\nBy Jane Roe, Sam Poe and Ali Khan & Bo Li\nBody.');
    expect(copy.authors).toEqual(['Jane Roe', 'Sam Poe', 'Ali Khan', 'Bo Li']);
    expect(copy.paragraphs).toEqual(['Body.']);
  });

  it.each([
    ['By Lisa Mascaro and Mary Clare Jalonick, AP', ['Lisa Mascaro', 'Mary Clare Jalonick'], 'AP'],
    ['By A. Smith and B. Jones, Reuters', ['A. Smith', 'B. Jones'], 'Reuters'],
    ['By Jane Roe, The Associated Press', ['Jane Roe'], 'The Associated Press'],
    ['By Reuters', [], 'Reuters'],
    ['By The Associated Press', [], 'The Associated Press'],
    ['By Anna Smith and Ani', ['Anna Smith', 'Ani'], null],
    ['By Anna Smith, Ani', ['Anna Smith', 'Ani'], null],
    ['By Anna Smith and AP', ['Anna Smith', 'AP'], null],
  ])('should keep the agency closing %j out of the authors', (byline, authors, agency) => {
    const copy = parseWireCopy(`Headline\n${byline}\nBody.`);
    expect(copy.authors).toEqual(authors);
    expect(copy.agency).toBe(agency);
  });

  it('should make a byline agency the attribution when there is no Source line', () => {
    expect(parseArticle('a.txt', 'Headline\nBy Jane Roe, Reuters\nBody.').article?.attribution).toEqual({ name: 'Reuters', url: null });
    expect(parseArticle('a.txt', 'Headline\nBy Jane Roe, Reuters\nBody.\nSource: Reuters Health').article?.attribution?.name).toBe('Reuters Health');
  });

  it('should accept any case and a blank line before the byline', () => {
    expect(parseWireCopy('Headline\n\nBY JANE ROE\nBody.').authors).toEqual(['JANE ROE']);
    expect(parseWireCopy('Headline\nby jane roe\nBody.').authors).toEqual(['jane roe']);
  });

  it('should not take a body line that merely starts with "By" followed by no space', () => {
    const copy = parseWireCopy('Headline\nBystanders fled the scene.\nMore.');
    expect(copy.authors).toEqual([]);
    expect(copy.paragraphs).toEqual(['Bystanders fled the scene.', 'More.']);
  });
});

describe('wire copy: paragraphs', () => {
  it('should make every line a paragraph when the body has no blank line', () => {
    expect(parseWireCopy('H\nOne.\nTwo.\nThree.').paragraphs).toEqual(['One.', 'Two.', 'Three.']);
  });

  it('should join hard-wrapped lines when blank lines separate paragraphs', () => {
    const copy = parseWireCopy('H\n\nThe council met\non Tuesday.\n\n  It voted\nyes.  \n\n\nDone.\n');
    expect(copy.paragraphs).toEqual(['The council met on Tuesday.', 'It voted yes.', 'Done.']);
  });

  it('should not count blank lines around the body as separators', () => {
    expect(parseWireCopy('H\n\n\nOne.\nTwo.\n\n\n').paragraphs).toEqual(['One.', 'Two.']);
  });
});

describe('wire copy: attribution', () => {
  it.each(['Source', 'Sources', 'Courtesy', 'Via', 'Credit', 'SOURCE', 'via'])('should read a closing "%s:" line', (prefix) => {
    const copy = parseWireCopy(`H\nBody.\n${prefix}: Reuters`);
    expect(copy.attribution).toEqual({ name: 'Reuters', url: null });
    expect(copy.paragraphs).toEqual(['Body.']);
  });

  it('should link the attribution when the line has an http(s) URL', () => {
    expect(parseWireCopy('H\nBody.\nSource: Reuters (https://www.reuters.com/world/)').attribution).toEqual({
      name: 'Reuters',
      url: 'https://www.reuters.com/world/',
    });
    expect(parseWireCopy('H\nBody.\nVia: https://example.org/story').attribution).toEqual({
      name: 'example.org',
      url: 'https://example.org/story',
    });
  });

  it('should leave a Source line that is not the last line in the body', () => {
    const copy = parseWireCopy('H\nSource: Reuters\nMore text.');
    expect(copy.attribution).toBeNull();
    expect(copy.paragraphs).toEqual(['Source: Reuters', 'More text.']);
  });

  it('should not read "Source:" with no name as an attribution', () => {
    expect(parseWireCopy('H\nBody.\nSource:').attribution).toBeNull();
  });
});

describe('wire copy: byline', () => {
  it.each([
    ['By Jane Roe, AP', ['Jane Roe'], 'AP'],
    ['By NTB', [], 'NTB'],
    ['By dpa correspondents', [], 'dpa correspondents'],
    ['By Aaron J. Staples, Michigan State University', ['Aaron J. Staples'], null],
    ['By Trond Husø, The Anti-Doping Database', ['Trond Husø'], null],
    ['By Jane Roe, Sam Poe and Ani Das', ['Jane Roe', 'Sam Poe', 'Ani Das'], null],
  ])('should read %j as its people and its agency', (byline, authors, agency) => {
    expect(splitByline(byline)).toEqual({ authors, agency });
  });
});

describe('wire copy: dateline', () => {
  it.each([
    ['KOCHI, March 3 - The city said', 'KOCHI, March 3', ' - '],
    ['SRINAGAR (Reuters) — Police said', 'SRINAGAR (Reuters)', ' — '],
    ['NEW DELHI: The ministry said', 'NEW DELHI', ': '],
    ['KOCHI, Nov. 20 (PTI) -- Work began', 'KOCHI, Nov. 20 (PTI)', ' -- '],
    ['SÃO PAULO, 3 March – Markets fell', 'SÃO PAULO, 3 March', ' – '],
    ['WASHINGTON, D.C. — Lawmakers', 'WASHINGTON, D.C.', ' — '],
    ['SAN JOSÉ, Costa Rica (AP) — The president', 'SAN JOSÉ, Costa Rica (AP)', ' — '],
    ['KYIV, Ukraine — Air raid sirens', 'KYIV, Ukraine', ' — '],
    ['PARIS, Nov 24, 2026 (AFP) - The strike', 'PARIS, Nov 24, 2026 (AFP)', ' - '],
    ['BEIRUT, Lebanon, Nov 24 (Reuters) - Ships', 'BEIRUT, Lebanon, Nov 24 (Reuters)', ' - '],
    // Agencies outside North America name the place, and bracket the agency.
    ['Berlin (dpa) - Der Bundestag hat', 'Berlin (dpa)', ' - '],
    ['San Diego (tca/dpa) - History says', 'San Diego (tca/dpa)', ' - '],
    ['Rio de Janeiro (AFP) - Brazil said', 'Rio de Janeiro (AFP)', ' - '],
  ])('should find the dateline in %j', (paragraph, text, separator) => {
    expect(detectDateline(paragraph)).toEqual({ text, separator });
  });

  it.each([
    'Security forces gunned down a commander',
    'BREAKING: markets fall',
    'I - am not a place',
    'The UN - said nothing',
    'KOCHI is a city',
    'NASA - the agency said on Monday',
    'Apple (AAPL) - Shares rose',
    'The mayor (left) - said',
    'Berlin - The city',
  ])('should find no dateline in %j', (paragraph) => {
    expect(detectDateline(paragraph)).toBeNull();
  });

  it('should mark the dateline in the first paragraph and keep the text as written', () => {
    const copy = parseWireCopy('H\nKOCHI, March 3 - The city said <no>.\nSecond.');
    expect(copy.dateline?.text).toBe('KOCHI, March 3');
    expect(wireBodyHtml(copy)).toBe(
      '<p><span class="dateline">KOCHI, March 3</span> - The city said &lt;no&gt;.</p>\n<p>Second.</p>',
    );
  });
});

describe('wire copy: text stays text', () => {
  it('should show <, >, & and quotes exactly as written', () => {
    const copy = parseWireCopy('A <b>bold</b> & "quoted" headline\n<script>alert(1)</script> & more');
    const document = parseHtml(`<div>${wireBodyHtml(copy)}</div>`);
    expect(document.querySelector('script')).toBeNull();
    expect(document.querySelector('p')?.textContent).toBe('<script>alert(1)</script> & more');
    expect(copy.headline).toBe('A <b>bold</b> & "quoted" headline');
  });
});

describe('wire copy: properties', () => {
  const line = fc.string({ unit: fc.constantFrom('a', 'B', ' ', '\n', '\t', ':', '-', '&', '<', 'é', 'S', 'o', 'u', 'r', 'c', 'e', 'y', '\r') });

  it('should never throw, and keep the text of every non-blank line', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), line), (text) => {
        const normalised = text.replace(/\r\n?/g, '\n');
        const copy = parseWireCopy(normalised);
        const kept = [copy.headline, copy.byline ?? '', ...copy.paragraphs, copy.attributionLine ?? ''].join('\n');
        for (const original of normalised.split('\n')) {
          const trimmed = original.trim();
          if (trimmed !== '') expect(kept).toContain(trimmed);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('should render body HTML whose text is the paragraphs, whatever they hold', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && !/[\r\n]/.test(s)), { minLength: 1 }), (lines) => {
        const copy = parseWireCopy(['Headline', ...lines].join('\n'));
        const paragraphs = [...parseHtml(`<div>${wireBodyHtml(copy)}</div>`).querySelectorAll('p')].map((p) => p.textContent);
        expect(paragraphs).toEqual(copy.paragraphs);
      }),
      { numRuns: 300 },
    );
  });
});

describe('one line of text', () => {
  const spaces = [' ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u3000', '\u2028', '\ufeff'];
  const pieces = fc.array(fc.oneof(fc.constantFrom(...spaces), fc.constantFrom('a', 'Bé', '—', '东京', '\u200b')), { maxLength: 20 });

  it('should keep every word in order, with one plain space between words and none around them', () => {
    fc.assert(
      fc.property(pieces, (parts) => {
        const text = parts.join('');
        const words = text.split(/\s+/).filter((word) => word !== '');
        const line = oneLine(text);
        expect(line === '' ? [] : line.split(' ')).toEqual(words);
        expect(line).not.toMatch(/[^\S ]| {2}|^ | $/);
      }),
      { numRuns: 2000 },
    );
  });
});
