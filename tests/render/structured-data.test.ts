import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArticleMeta } from '../../src/types.js';
import { buildInProcess, parseHtml, ROOT, tempDir } from '../helpers.js';

// Every article page of the sample site (the repo's own content/ and config), read the way
// Google, Twitter and Facebook read it: the Structured Data Testing Tool's presets, offline.

interface Check {
  test: string;
  description?: string;
}
interface Verdict {
  passed: Check[];
  failed: Check[];
  warnings: Check[];
}
interface Preset {
  name: string;
}

// The tool is CommonJS with no types; its presets module spreads other modules into its exports,
// which Node cannot name for an ESM import.
const require = createRequire(import.meta.url);
const { structuredDataTestHtml } = require('structured-data-testing-tool') as {
  structuredDataTestHtml(html: string, options: { presets: Preset[] }): Promise<Verdict>;
};
const { Google, Twitter, Facebook } = require('structured-data-testing-tool/presets') as Record<'Google' | 'Twitter' | 'Facebook', Preset>;

/** The tool's verdict on a page, failures included (it rejects when any check fails). `…Html` never fetches. */
async function verdictOn(html: string): Promise<Verdict> {
  try {
    return await structuredDataTestHtml(html, { presets: [Google, Twitter, Facebook] });
  } catch (error) {
    const verdict = (error as { type?: string; res?: Verdict }).res;
    if ((error as { type?: string }).type !== 'VALIDATION_FAILED' || !verdict) throw error;
    return verdict;
  }
}

const named = (check: Check) => check.description && check.description !== check.test.split('.').pop() ? `${check.test} (${check.description})` : check.test;

// An article with no date says none to machines either. Undated copy is to take an inferred date
// (issue 13, "Undated copy still has a place in time"); with it every sample page has a date and
// this exemption no longer applies to any of them.
const DATE_CHECK = /\.date(?:Published|Modified)$/;

describe('the sample site as search engines and social networks read it', () => {
  let pages: { article: ArticleMeta; file: string; html: string; verdict: Verdict }[];
  beforeAll(async () => {
    const { files, result } = await buildInProcess(ROOT, { cacheDir: tempDir() });
    const articles = result.site?.articles ?? [];
    pages = await Promise.all(
      articles.map(async (article) => {
        const file = `${article.url.slice(1)}index.html`;
        const bytes = files.get(file);
        if (!bytes) throw new Error(`no page for ${article.sourcePath} at ${file}`);
        const html = new TextDecoder().decode(bytes);
        return { article, file, html, verdict: await verdictOn(html) };
      }),
    );
  });

  it('should test a page for every article the sample has, pictured, unpictured and undated alike', () => {
    expect(pages.length).toBeGreaterThanOrEqual(8);
    expect(pages.some((page) => page.article.image)).toBe(true);
    expect(pages.some((page) => page.article.image === null)).toBe(true);
    expect(pages.some((page) => page.article.format === 'txt' && page.article.authors.length === 0)).toBe(true);
  });

  it('should pass every Google, Twitter and Facebook check on every article page', () => {
    const failures = pages.flatMap(({ article, file, verdict }) =>
      verdict.failed
        .filter((check) => !(article.published === null && DATE_CHECK.test(check.test)))
        .map((check) => `${file}: ${named(check)}`),
    );
    expect(failures).toEqual([]);
  });

  it('should give no warning either, Twitter\'s handles included', () => {
    const warnings = pages.flatMap(({ article, file, verdict }) =>
      verdict.warnings
        .filter((check) => !(article.published === null && DATE_CHECK.test(check.test)))
        .map((check) => `${file}: ${named(check)}`),
    );
    expect(warnings).toEqual([]);
  });

  it('should name the agency as the author of the wire story with no byline', () => {
    const { html } = pages.find((page) => page.article.sourcePath === '000_f9f8abcdc28e9b89.txt')!;
    const [newsArticle] = [...parseHtml(html).querySelectorAll('script[type="application/ld+json"]')].map((script) => JSON.parse(script.textContent!));
    expect(newsArticle.author).toEqual([{ '@type': 'Organization', name: 'First Post' }]);
  });
});
