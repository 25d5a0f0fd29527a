import { VFile } from 'vfile';
import { reviveMeta, type SerializedMessage } from '../cache.js';
import { placeOfJsonKey, report } from '../../messages/diagnostics.js';
import { contentFormats } from '../../content/formats/index.js';
import {
  collectSite, findCollisions, findTaxonomy, isPublished, isWithdrawn, mergeDuplicates, mergeVersions, separateUrls, withUndatedDates,
  type Duplicate, type Moved, type Site, type Superseded,
} from '../../site.js';
import { breakingUntil, liveChanges, withBreakingNews, withLiveCoverage } from '../../clock.js';
import type { ArticleMeta } from '../../types.js';
import { slugify } from '../../urls.js';
import type { BuildState } from '../state.js';

/**
 * Collects the site from every article's metadata, and reports what every file says. The site
 * is what the files say, made into a newspaper: undated stories dated from the project (git),
 * a story filed twice published once, and stories that share a headline each given a URL.
 */
export async function collect(state: BuildState): Promise<void> {
  const { input, manifest } = state;
  const filed: ArticleMeta[] = [];
  for (const ref of input.tree.articles) {
    const entry = manifest.articles[ref.sourcePath]!;
    if (entry.messages.length > 0) state.fileOf(ref.sourcePath);
    const parsed = state.parsedMeta.get(ref.sourcePath);
    entry.stories.forEach((story, index) => {
      const meta = parsed?.[index] ?? reviveMeta(story.meta!);
      filed.push(meta);
      state.filed.set(story, meta);
      story.meta = null;
    });
  }
  state.parsedMeta.clear();
  const { config, options } = input;
  // Every story as it stands at the build's clock: dated, one per agency item, breaking or not.
  const { stories: items, superseded } = mergeVersions(withUndatedDates(filed, input.undatedDates), options);
  const dated = withLiveCoverage(withBreakingNews(items, options.now), options);
  const published = dated.filter((article) => isPublished(article, options));
  const { stories, duplicates } = mergeDuplicates(published);
  const { stories: placed, moved } = separateUrls(stories, config);
  for (const article of [...dated, ...placed]) state.entryOf.set(article, manifest.articles[article.sourcePath]!.stories[article.story]!);
  const site = collectSite(placed, config, options);
  state.site = site;
  // A newer version's embargo lifting changes the site too, though no page shows that version yet.
  state.validUntil = nextChange([...filed, ...dated], options.now);
  // A link to a file of several stories leads to its first.
  state.urlOf = new Map();
  for (const article of [...site.articles].sort((a, b) => a.story - b.story)) if (!state.urlOf.has(article.sourcePath)) state.urlOf.set(article.sourcePath, article.url);
  // A link to the copy of a story filed twice, or to an earlier version of it, leads to the story.
  for (const { kept, copy } of duplicates) state.urlOf.set(copy.sourcePath, state.urlOf.get(kept.sourcePath)!);
  const placedUrl = new Map(placed.map((article) => [article.id, article.url]));
  for (const { story, others } of superseded) {
    const url = placedUrl.get(story.id);
    if (url !== undefined) for (const version of others) if (!state.urlOf.has(version.sourcePath)) state.urlOf.set(version.sourcePath, url);
  }
  const withdrawn = dated.filter(isWithdrawn);
  state.outcome = {
    merged: duplicates.length,
    suffixed: moved.length,
    heldBack: dated.length - published.length - withdrawn.length,
    versions: filed.length - items.length,
    withdrawn: withdrawn.length,
  };
  noteConfigMismatches(state, site);
  if (state.outcome.heldBack > 0) {
    const { heldBack } = state.outcome;
    state.notices.push(`${heldBack} ${heldBack === 1 ? 'article is' : 'articles are'} held back: drafts, or embargoed until a later date (--drafts and --future include them)`);
  }
  if (input.undatedDates) {
    const count = site.articles.filter((article) => article.dateInferred !== null).length;
    const from = input.undatedDates.from === 'git' ? 'their first commit in git' : 'their files\' modification times';
    state.details.push(`dates: ${count} undated ${count === 1 ? 'story' : 'stories'} dated from ${from} (read in ${input.undatedDates.ms.toFixed(0)} ms)`);
  }
  reportCopiesAndSharedHeadlines(state, duplicates, moved);
  reportAgencyItems(state, superseded, withdrawn);
  reportCollisions(state, site);
  reportMissingLinks(state, site);
  // Templates that changed since the last good build are checked before anything else.
  if (state.previous?.templatesKey !== state.templates.key) await state.templates.load();
}

function reportCopiesAndSharedHeadlines(state: BuildState, duplicates: Duplicate[], moved: Moved[]): void {
  for (const { kept, copy } of duplicates) {
    report(state.fileOf(copy.sourcePath), `the same story as ${storyName(state, kept)}, which is published in its place`, {
      ruleId: 'duplicate-story',
      hint: `delete ${storyName(state, copy)}; the story is published once, from the file with the earlier date (then the first by path)`,
    });
  }
  for (const { article, from, holder } of moved) {
    const format = contentFormats().find((each) => each.id === article.format);
    report(state.fileOf(article.sourcePath), `${storyName(state, holder)} has the same headline and the URL ${from}; this story is published at ${article.url}`, {
      ruleId: 'shared-headline',
      hint: format?.hints.pinSlug ?? 'give one story another headline',
    });
  }
}

/** A story as messages name it: its file, and which of the file's stories when it is not the first. */
function storyName(state: BuildState, article: ArticleMeta): string {
  return `${state.refOf.get(article.sourcePath)!.displayPath}${article.story > 0 ? ` (story ${article.story + 1})` : ''}`;
}

/**
 * Older versions are routine on the wire: named with `--verbose` only. A withdrawn story is
 * said, and said to be taken down when the last build published it.
 */
function reportAgencyItems(state: BuildState, superseded: Superseded[], withdrawn: ArticleMeta[]): void {
  for (const { story, others } of superseded) {
    state.details.push(`versions: "${story.headline}" is taken from version ${story.version} (${storyName(state, story)}); not shown: ${others.map((version) => `${version.version} (${storyName(state, version)})`).join(', ')}`);
  }
  const previousOutputs = state.previous?.outputs ?? {};
  for (const article of withdrawn) {
    const wasPublished = `${article.url.slice(1)}index.html` in previousOutputs;
    state.notices.push(`${storyName(state, article)}: "${article.headline}" is ${article.status} by the agency${wasPublished ? `, and is taken off the site (it was at ${article.url})` : ', and is not published'}`);
  }
}

/** A file for an article's messages, made only for articles with something to say. */
export function articleFiles(state: BuildState): (sourcePath: string) => VFile {
  const made = new Map<string, VFile>();
  return (sourcePath) => {
    let file = made.get(sourcePath);
    if (!file) {
      const { messages } = state.manifest.articles[sourcePath]!;
      file = fileWithMessages(state.refOf.get(sourcePath)!.displayPath, messages.filter((message) => message.path === undefined));
      made.set(sourcePath, file);
      state.files.push(file);
      // A live story's updates say what is wrong with them on their own files.
      const others = new Set(messages.flatMap((message) => (message.path === undefined ? [] : [message.path])));
      for (const path of others) state.files.push(fileWithMessages(path, messages.filter((message) => message.path === path)));
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
    const none = unknownSections.length === config.navigation.length;
    state.notices.push(
      `${at(['navigation'])}navigation names ${unknownSections.length === 1 ? 'a section' : 'sections'} no published article is in, left out of the masthead: ${unknownSections.join(', ')}${none ? '; it lists every section instead' : ''}`,
    );
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
    report(secondFile, `${url} is already the URL of ${firstFile.path}`, {
      ruleId: 'duplicate-url',
      hint: `both files pin this URL: set a different \`slug:\` in one of the two (${firstFile.path}, ${secondFile.path})`,
    });
  }
}

function reportMissingLinks(state: BuildState, site: Site): void {
  for (const article of site.articles) {
    const { linkPlaces } = state.manifest.articles[article.sourcePath]!;
    for (const target of state.entryOf.get(article)!.links) {
      if (!state.urlOf.has(target)) {
        const [line, column] = linkPlaces[target] ?? [];
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
    const breakingEnds = breakingUntil(article);
    if (breakingEnds !== null && breakingEnds > now.getTime()) next = Math.min(next, breakingEnds);
    next = Math.min(next, ...liveChanges(article, now));
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
