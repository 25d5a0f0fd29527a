import type { SiteConfig } from '../types.js';

// What parsing reads of the site's config, and nothing else: the build keys its parse cache on
// this, so editing the title or the navigation re-parses nothing, and editing the time zone
// re-parses everything.

export interface ParseSettings {
  /** Dates without an offset, and the date parts of URLs, are in this zone. */
  timeZone: string;
  /** An article's language when it names none. */
  language: string;
  /** Where a dated article's page lives. */
  permalink: string;
  /** An article's permanent id is its first absolute URL. */
  baseUrl: string | null;
  /** A bylined author's link, when the article gives none. */
  authors: Record<string, { url: string | null }>;
  /** Section names for desk folders, by folder name. */
  sections: Record<string, string>;
}

const memo = new WeakMap<SiteConfig, ParseSettings>();

/** The part of `config` that parsing reads; equal settings parse every file the same way. */
export function parsingSettings(config: SiteConfig): ParseSettings {
  let settings = memo.get(config);
  if (!settings) {
    settings = {
      timeZone: config.timeZone,
      language: config.language,
      permalink: config.permalink,
      baseUrl: config.baseUrl,
      authors: Object.fromEntries(Object.entries(config.authors).map(([name, profile]) => [name, { url: profile.url }])),
      sections: config.sections,
    };
    memo.set(config, settings);
  }
  return settings;
}
