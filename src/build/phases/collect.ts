import { VFile } from 'vfile';
import { reviveMeta, type ArticleEntry, type SerializedMessage } from '../cache.js';
import { placeOfJsonKey, report } from '../../messages/diagnostics.js';
import { collectSite, findCollisions, findTaxonomy, type Site } from '../../site.js';
import type { ArticleMeta } from '../../types.js';
import { slugify } from '../../urls.js';
import type { BuildState } from '../state.js';

/** Collects the site from every article's metadata, and reports what every file says. */
export async function collect(state: BuildState): Promise<void> {
  const { input, manifest } = state;
  const metas: ArticleMeta[] = [];
  for (const ref of input.tree.articles) {
    const entry = manifest.articles[ref.sourcePath]!;
    if (entry.messages.length > 0) state.fileOf(ref.sourcePath);
    const meta = state.parsedMeta.get(ref.sourcePath) ?? (entry.meta ? reviveMeta(entry.meta) : null);
    if (meta) {
      metas.push(meta);
      state.entryOf.set(meta, entry);
      entry.meta = null;
    }
  }
  state.parsedMeta.clear();
  const site = collectSite(metas, input.config, input.options);
  state.site = site;
  state.validUntil = nextChange(metas, input.options.now);
  state.urlOf = new Map(site.articles.map((article) => [article.sourcePath, article.url]));
  noteConfigMismatches(state, site);
  const heldBack = metas.length - site.articles.length;
  if (heldBack > 0) {
    state.notices.push(`${heldBack} ${heldBack === 1 ? 'article is' : 'articles are'} held back: drafts, or embargoed until a later date (--drafts and --future include them)`);
  }
  reportCollisions(state, site);
  reportMissingLinks(state, site);
  // Templates that changed since the last good build are checked before anything else.
  if (state.previous?.templatesKey !== state.templates.key) await state.templates.load();
}

/** A file for an article's messages, made only for articles with something to say. */
export function articleFiles(state: BuildState): (sourcePath: string) => VFile {
  const made = new Map<string, VFile>();
  return (sourcePath) => {
    let file = made.get(sourcePath);
    if (!file) {
      file = fileWithMessages(state.refOf.get(sourcePath)!.displayPath, state.manifest.articles[sourcePath]!.messages);
      made.set(sourcePath, file);
      state.files.push(file);
    }
    return file;
  };
}

function fileWithMessages(displayPath: string, messages: SerializedMessage[]): VFile {
  const file = new VFile({ path: displayPath });
  for (const saved of messages) {
    const message = file.message(saved.reason, {
      place: saved.line === null ? null : { line: saved.line, column: saved.column ?? 1 },
      ruleId: saved.ruleId ?? undefined,
      source: 'broadsheet',
    });
    message.fatal = saved.fatal;
    if (saved.note) message.note = saved.note;
  }
  return file;
}

/** What the config names that the site does not have: sections, and images by site path. */
function noteConfigMismatches(state: BuildState, site: Site): void {
  const { config, configSource } = state.input;
  // `broadsheet.config.json:7:3: ` before a notice about a key the config file writes.
  const at = (keyPath: string[]) => {
    const place = configSource ? placeOfJsonKey(configSource.text, keyPath) : null;
    return place ? `${configSource!.name}:${place.line}:${place.column}: ` : '';
  };
  const unknownSections = config.navigation.filter((name) => !findTaxonomy(site.sections, slugify(name)));
  if (unknownSections.length > 0) {
    state.notices.push(`${at(['navigation'])}navigation names ${unknownSections.length === 1 ? 'a section' : 'sections'} no published article is in, left out of the masthead: ${unknownSections.join(', ')}`);
  }
  const siteFiles = new Set([...state.input.tree.assets, ...state.input.theme.assets].map((asset) => `/${asset.sourcePath}`));
  const configImages: [string[], string | null][] = [
    [['publisher', 'logo'], config.publisher.logo],
    ...Object.entries(config.authors).map(([name, profile]): [string[], string | null] => [['authors', name, 'image'], profile.image]),
  ];
  for (const [keyPath, image] of configImages) {
    if (image?.startsWith('/') && !siteFiles.has(sitePathOf(image))) {
      const key = keyPath.length === 3 ? `authors.${JSON.stringify(keyPath[1])}.image` : keyPath.join('.');
      state.notices.push(`${at(keyPath)}${key} is ${image}, which is not in the content folder or the theme, so it would be a broken image`);
    }
  }
}

function reportCollisions(state: BuildState, site: Site): void {
  for (const { url, first, second, byAlias } of findCollisions(site.articles)) {
    const firstFile = state.fileOf(first.sourcePath);
    const secondFile = state.fileOf(second.sourcePath);
    if (byAlias) {
      report(secondFile, `the alias ${url} is already ${first.aliases.includes(url) ? 'an alias' : 'the URL'} of ${firstFile.path}`, {
        ruleId: 'duplicate-url',
        hint: `take ${url} out of \`aliases:\` in ${secondFile.path}${first.aliases.includes(url) ? ` or in ${firstFile.path}` : ''}`,
      });
      continue;
    }
    // A wire-text file has no front matter: its slug comes from its headline.
    const bothWire = first.format === 'txt' && second.format === 'txt';
    report(secondFile, `${url} is already the URL of ${firstFile.path}`, {
      ruleId: 'duplicate-url',
      hint: bothWire
        ? `change the headline of one of the two files (${firstFile.path}, ${secondFile.path}), or make one Markdown with a \`slug:\``
        : `set a different \`slug:\` in one of the two files (${firstFile.path}, ${secondFile.path})`,
    });
  }
}

function reportMissingLinks(state: BuildState, site: Site): void {
  for (const article of site.articles) {
    const entry = state.entryOf.get(article) as ArticleEntry;
    for (const target of entry.links) {
      if (!state.urlOf.has(target)) {
        const [line, column] = entry.linkPlaces[target] ?? [];
        report(state.fileOf(article.sourcePath), `link to an article that is not published: ${target}`, {
          place: line === undefined ? undefined : { line, column: column! },
          ruleId: 'link-not-found',
          hint: 'check the file name, or publish the linked article first',
        });
      }
    }
  }
}

const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;

/**
 * When the site changes with no edit: an embargo lifts, or a story leaves the two-day window of
 * the news sitemap. Until then a rebuild of the same inputs is the same site.
 */
function nextChange(articles: ArticleMeta[], now: Date): number {
  let next = Number.MAX_SAFE_INTEGER;
  for (const article of articles) {
    const published = article.published?.getTime();
    if (published === undefined) continue;
    if (published > now.getTime()) next = Math.min(next, published);
    if (published + NEWS_WINDOW_MS > now.getTime()) next = Math.min(next, published + NEWS_WINDOW_MS);
  }
  return next;
}

/** The file a site path names: without `?…` or `#…`, percent-decoded where it can be. */
function sitePathOf(url: string): string {
  const bare = url.replace(/[?#].*$/, '');
  try {
    return decodeURI(bare);
  } catch {
    return bare;
  }
}
