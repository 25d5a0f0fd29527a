import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import { check, LinkState } from 'linkinator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../helpers.js';
import { featureSite, hostileSite, sampleSite, type ServedSite } from './sites.js';

// Every generated page passes html-validate's recommended preset, and a crawler that follows
// every link on every page (outside links aside) finds nothing broken. Failures name the page,
// the line and the rule.

describe('valid HTML and working links', () => {
  const sites: ServedSite[] = [];

  beforeAll(async () => {
    sites.push(await sampleSite(), await featureSite(), await hostileSite());
  }, 180_000);

  afterAll(async () => {
    for (const site of sites) await site.close();
  });

  it('should pass html-validate (recommended preset) on every page, with zero errors', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });
    const failures: string[] = [];
    for (const site of sites) {
      for (const file of listFiles(site.out).filter((name) => name.endsWith('.html'))) {
        const report = await validator.validateString(readFileSync(path.join(site.out, file), 'utf8'), file);
        for (const result of report.results) {
          for (const message of result.messages) {
            if (message.severity === 2) failures.push(`${site.name} ${file}:${message.line}:${message.column}: ${message.message} [${message.ruleId}]`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('should have no broken link or asset on any page, as a crawler finds them', { timeout: 300_000 }, async () => {
    const failures: string[] = [];
    // The hostile fixture links to files it does not have (`<img src=x>`), as written; the
    // build warns about them. The other sites must have none.
    for (const site of sites.filter((candidate) => candidate.name !== 'hostile')) {
      const result = await check({
        path: site.url,
        recurse: true,
        concurrency: 16,
        // Outside links are skipped: this machine has no network, and they are not the site's.
        linksToSkip: async (link) => !link.startsWith(site.url),
      });
      for (const link of result.links) {
        if (link.state === LinkState.BROKEN) failures.push(`${site.name}: ${link.url} (${link.status}) on ${link.parent}`);
      }
      expect(result.links.filter((link) => link.state === LinkState.OK).length).toBeGreaterThan(20);
    }
    expect(failures).toEqual([]);
  });
});
