import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashOf } from '../../src/build/cache.js';
import type { PlanContext, SitemapEntry } from '../../src/render/output.js';
import { sitemaps } from '../../src/render/outputs/sitemaps.js';
import type { Site } from '../../src/site.js';
import { config, ROOT, tempDir } from '../helpers.js';

const SITEMAP_LIMIT = sitemaps.defaults.urlsPerFile;

const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;

function site(): Site {
  return {
    config: config({ baseUrl: 'https://news.example/' }),
    articles: [],
    sections: [],
    tags: [],
    authors: [],
    years: [],
    now: new Date(Date.UTC(2026, 10, 25)),
    preview: false,
    search: false,
    dev: false,
  };
}

/** The files the sitemap plans make for `entries`, by path. */
async function renderSitemaps(entries: SitemapEntry[]): Promise<Map<string, string>> {
  const context = { site: site(), key: (...parts: unknown[]) => hashOf(JSON.stringify(parts)) } as unknown as PlanContext;
  const files = new Map<string, string>();
  // The pages of the outputs before the sitemaps, as one plan listing `entries`.
  const earlier = [{ kind: 'files' as const, paths: [], key: '', sitemap: entries, render: () => [] }];
  for (const plan of sitemaps.plan(context, earlier)) {
    const outputs = plan.kind === 'files' ? await plan.render() : [];
    plan.paths.forEach((file, i) => files.set(file, outputs[i]!));
  }
  return files;
}

describe('sitemaps at scale', () => {
  it('should split sitemap.xml into files of 50,000 URLs under an index once it passes 50,000', async () => {
    // Numbered so that the sitemap's order (by URL) is the order they are made in.
    const entries = Array.from({ length: SITEMAP_LIMIT + 1 }, (_, i) => ({ url: `/story-${String(i).padStart(5, '0')}/`, lastmod: new Date(Date.UTC(2026, 0, 1) + i * 1000) }));
    const byPath = await renderSitemaps(entries);
    expect([...byPath.keys()].filter((name) => name.startsWith('sitemap'))).toEqual(['sitemap-1.xml', 'sitemap-2.xml', 'sitemap.xml']);
    expect(byPath.get('sitemap-1.xml')!.match(/<url>/g)).toHaveLength(SITEMAP_LIMIT);
    expect(byPath.get('sitemap-2.xml')!.match(/<url>/g)).toHaveLength(1);
    const index = byPath.get('sitemap.xml')!;
    expect(index).toContain('<sitemapindex');
    expect(index).toContain('<loc>https://news.example/sitemap-1.xml</loc>');
    expect(index).toContain('<loc>https://news.example/sitemap-2.xml</loc><lastmod>2026-01-01T13:53:20.000Z</lastmod>');

    if (hasXmllint || process.env['CI']) {
      const dir = tempDir();
      for (const name of ['sitemap.xml', 'sitemap-2.xml']) writeFileSync(path.join(dir, name), byPath.get(name)!);
      const schema = (name: string) => path.join(ROOT, name);
      const check = (file: string, xsd: string) => spawnSync('xmllint', ['--noout', '--schema', xsd, path.join(dir, file)], { encoding: 'utf8' });
      expect(check('sitemap.xml', schema('tests/fixtures/xsd/siteindex.xsd')).status).toBe(0);
      expect(check('sitemap-2.xml', schema('node_modules/sitemap/schema/sitemap.xsd')).status).toBe(0);
    }
  });

  it('should keep one sitemap.xml at exactly 50,000 URLs', async () => {
    const entries = Array.from({ length: SITEMAP_LIMIT }, (_, i) => ({ url: `/s-${i}/`, lastmod: null }));
    expect([...(await renderSitemaps(entries)).keys()]).toEqual(['sitemap.xml', 'news-sitemap.xml', 'robots.txt']);
  });
});
