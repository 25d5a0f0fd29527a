import { statSync } from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import {
  BodyPack,
  emptyManifest,
  hashOf,
  reviveMeta,
  serializeMeta,
  type ArticleEntry,
  type BodyRef,
  type Manifest,
  type OutputEntry,
  type SerializedMessage,
} from './cache.js';
import type { ContentTree, SourceRef, Theme } from './content/load.js';
import { error, hasErrors, warning } from './diagnostics.js';
import type { Pool } from './pool.js';
import type { PageRender, Plan, PlanContext, Shared } from './render/pages.js';
import type { Templates } from './render/templates.js';
import { collectSite, findCollisions, findTaxonomy, relatedArticles, relatedHead, relatedSources, type Site, type Taxonomy } from './site.js';
import { assetState, linkedSources, resolveBodyLinks, templateUses } from './dependencies.js';
import { parsingSettings } from './content/settings.js';
import type { ParseOutcome, ParseSetup, ParseSetupState, RenderJob, TemplateFailure } from './tasks.js';
import type { ArticleMeta, BuildOptions, SiteConfig } from './types.js';
import { outputPath, slugify } from './urls.js';
import {
  abortWrite,
  beginWrite,
  commitWrite,
  MARKER_TEXT,
  OUTPUT_MARKER,
  safeJoin,
  stageCopy,
  stageFile,
  WriteAborted,
  type Staged,
  type Staging,
} from './write.js';

// The build as a list of phases: take stock of the sources, parse what changed, collect the
// site, plan every output with a key, render only the outputs whose key changed, then commit.
// Nothing is written to the output folder until everything rendered without an error, and a
// build with nothing to do reads no article and writes nothing.

export interface BuildInput {
  config: SiteConfig;
  options: BuildOptions;
  tree: ContentTree;
  theme: Theme;
  imageSizes: Map<string, { width: number; height: number }>;
  /** Broadsheet's version: a cache from another version is not trusted. */
  version: string;
}

export interface BuildIO {
  /** The output folder, or null to validate only: everything is rendered, nothing is written. */
  outDir: string | null;
  /**
   * The last build's manifest, when there is a cache to trust. The build takes it over: its
   * entries move into the new manifest and are changed there, so it is not to be used again.
   */
  manifest: Manifest | null;
  /** Where the body pack lives (a temporary folder when the build has no cache). */
  cacheDir: string;
  /** Starts worker threads when the work is big enough; returns an inline pool otherwise. */
  pool: (work: number) => Pool;
  aborted: () => boolean;
  progress?: (phase: string, done: number, total: number) => void;
  /** Called as each phase ends, for `--verbose` timings. */
  phase?: (name: string) => void;
}

export interface BuildStats {
  articles: number;
  parsed: number;
  pages: number;
  feeds: number;
  written: number;
  unchanged: number;
  removed: number;
}

export interface BuildResult {
  /** Every file that has something to say, content and templates alike. */
  files: VFile[];
  site: Site | null;
  /** Things worth knowing that are not problems with a file. */
  notices: string[];
  stats: BuildStats | null;
  /** The manifest to save for the next build; null when the build failed. */
  manifest: Manifest | null;
  /** The first moment after the build's clock at which the same content makes a different site. */
  validUntil: number;
  /** How many article files there were. */
  sources: number;
}

const PAGE_FEEDS = /(?:^|\/)(?:feed\.xml|atom\.xml|feed\.json)$/;

function key(...parts: unknown[]): string {
  return hashOf(JSON.stringify(parts));
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

/** Templates and the templates each one uses (`layout`, `render`, `include`), for keys. */
function templateKeys(theme: Theme): (name: string) => string {
  const uses = new Map<string, string[]>();
  for (const [name, text] of Object.entries(theme.templates)) {
    uses.set(name, templateUses(text).map((use) => use.template));
  }
  const memo = new Map<string, string>();
  return (name: string) => {
    const file = `${name}.liquid` in theme.templates ? `${name}.liquid` : 'list.liquid';
    let value = memo.get(file);
    if (value === undefined) {
      const seen = new Set<string>();
      const visit = (template: string) => {
        if (seen.has(template)) return;
        seen.add(template);
        for (const used of uses.get(template) ?? []) visit(used);
      };
      visit(file);
      value = key([...seen].sort().map((template) => [template, theme.templates[template] ?? null]));
      memo.set(file, value);
    }
    return value;
  };
}

export async function build(input: BuildInput, io: BuildIO): Promise<BuildResult> {
  const { config, options, tree, theme } = input;
  const files: VFile[] = [...tree.problems, ...theme.problems];
  const notices: string[] = [];
  const failed = (): BuildResult => ({ files, site: null, notices, stats: null, manifest: null, validUntil: 0, sources: tree.articles.length });
  const previous = io.manifest;
  const manifest: Manifest = { ...emptyManifest(input.version), out: io.outDir ? path.resolve(io.outDir) : null };

  // 1. Take stock: which articles are as they were, which must be parsed.
  const parseSettings = key(input.version, parsingSettings(config));
  const state: ParseSetupState = { config, assets: new Set(tree.assets.map((asset) => asset.sourcePath)), sizes: input.imageSizes };
  const packFile = path.join(io.cacheDir, previous?.pack?.file ?? 'bodies.pack');
  const pack = BodyPack.open(packFile, previous?.pack?.size ?? 0);
  const toParse: SourceRef[] = [];
  for (const ref of tree.articles) {
    const entry = previous?.articles[ref.sourcePath];
    const unchanged =
      entry &&
      entry.size === ref.size &&
      entry.mtimeMs === ref.mtimeMs &&
      entry.ino === ref.ino &&
      // A file written in the same instant as the last build's scan may have changed unseen.
      ref.mtimeMs < (previous?.writtenAt ?? 0) - 1000 &&
      entry.parseKey === key(entry.contentHash, parseSettings) &&
      Object.entries(entry.assets).every(([asset, was]) => assetState(state, asset) === was);
    if (unchanged) {
      manifest.articles[ref.sourcePath] = entry;
      if (entry.body) pack.live += entry.body[1];
    } else toParse.push(ref);
  }

  io.phase?.('take stock');

  // 2. Parse what changed, in workers when there is enough of it; bodies go to the pack.
  const refOf = new Map(tree.articles.map((ref) => [ref.sourcePath, ref]));
  const revived = new Map<string, ArticleMeta>();
  const pool = io.pool(toParse.length);
  let parsed = 0;
  try {
    const setup: ParseSetup = { config, assets: [...state.assets], imageSizes: [...input.imageSizes] };
    await pool.parse(toParse, setup, (outcome: ParseOutcome) => {
      const ref = refOf.get(outcome.sourcePath)!;
      const body: BodyRef | null = outcome.bodyHtml === null ? null : pack.append(outcome.bodyHtml);
      // One copy of each article in memory: kept revived, written back into the manifest at the end.
      if (outcome.meta) revived.set(outcome.sourcePath, reviveMeta(outcome.meta));
      manifest.articles[outcome.sourcePath] = {
        size: ref.size,
        mtimeMs: ref.mtimeMs,
        ino: ref.ino,
        contentHash: outcome.contentHash,
        parseKey: key(outcome.contentHash, parseSettings),
        meta: null,
        metaKey: outcome.meta ? key(outcome.meta) : null,
        body,
        bodyKey: outcome.bodyHtml === null ? null : hashOf(outcome.bodyHtml),
        messages: outcome.messages,
        assets: outcome.assets,
        links: outcome.bodyHtml ? linkedSources(outcome.bodyHtml) : [],
      };
      io.progress?.('parse', ++parsed, toParse.length);
    });
  } catch (cause) {
    await pool.close();
    pack.close();
    throw cause;
  }

  io.phase?.('parse');

  // 3. Collect the site from every article's metadata; report what every file says.
  const metas: ArticleMeta[] = [];
  const entryOf = new Map<ArticleMeta, ArticleEntry>();
  // A file is made only for articles with something to say, or when a message needs one.
  const madeFiles = new Map<string, VFile>();
  const fileOf = {
    get(sourcePath: string): VFile {
      let file = madeFiles.get(sourcePath);
      if (!file) {
        file = fileWithMessages(refOf.get(sourcePath)!.displayPath, manifest.articles[sourcePath]!.messages);
        madeFiles.set(sourcePath, file);
        files.push(file);
      }
      return file;
    },
  };
  for (const ref of tree.articles) {
    const entry = manifest.articles[ref.sourcePath]!;
    if (entry.messages.length > 0) fileOf.get(ref.sourcePath);
    const meta = revived.get(ref.sourcePath) ?? (entry.meta ? reviveMeta(entry.meta) : null);
    if (meta) {
      metas.push(meta);
      entryOf.set(meta, entry);
      entry.meta = null;
    }
  }
  revived.clear();
  const site = collectSite(metas, config, options);
  const validUntil = nextChange(metas, options.now);
  const unknownSections = config.navigation.filter((name) => !findTaxonomy(site.sections, slugify(name)));
  if (unknownSections.length > 0) {
    notices.push(`navigation names ${unknownSections.length === 1 ? 'a section' : 'sections'} no published article is in, left out of the masthead: ${unknownSections.join(', ')}`);
  }
  // Images the config names by site path must be files the site has, or every page links nowhere.
  const siteFiles = new Set([...tree.assets, ...theme.assets].map((asset) => `/${asset.sourcePath}`));
  const configImages: [string, string | null][] = [
    ['publisher.logo', config.publisher.logo],
    ...Object.entries(config.authors).map(([name, profile]): [string, string | null] => [`authors.${JSON.stringify(name)}.image`, profile.image]),
  ];
  for (const [key, image] of configImages) {
    if (image?.startsWith('/') && !siteFiles.has(sitePathOf(image))) {
      notices.push(`${key} is ${image}, which is not in the content folder or the theme, so it would be a broken image`);
    }
  }
  const heldBack = metas.length - site.articles.length;
  if (heldBack > 0) {
    notices.push(`${heldBack} ${heldBack === 1 ? 'article is' : 'articles are'} held back: drafts, or embargoed until a later date (--drafts and --future include them)`);
  }
  for (const { url, first, second, byAlias } of findCollisions(site.articles)) {
    const firstFile = fileOf.get(first.sourcePath);
    const secondFile = fileOf.get(second.sourcePath);
    if (byAlias) {
      error(secondFile, `the alias ${url} is already ${first.aliases.includes(url) ? 'an alias' : 'the URL'} of ${firstFile.path}`, {
        ruleId: 'duplicate-url',
        hint: `take ${url} out of \`aliases:\` in ${secondFile.path}${first.aliases.includes(url) ? ` or in ${firstFile.path}` : ''}`,
      });
      continue;
    }
    // A wire-text file has no front matter: its slug comes from its headline.
    const bothWire = /\.txt$/i.test(first.sourcePath) && /\.txt$/i.test(second.sourcePath);
    error(secondFile, `${url} is already the URL of ${firstFile.path}`, {
      ruleId: 'duplicate-url',
      hint: bothWire
        ? `change the headline of one of the two files (${firstFile.path}, ${secondFile.path}), or make one Markdown with a \`slug:\``
        : `set a different \`slug:\` in one of the two files (${firstFile.path}, ${secondFile.path})`,
    });
  }
  const urlOf = new Map(site.articles.map((article) => [article.sourcePath, article.url]));
  for (const article of site.articles) {
    for (const target of entryOf.get(article)!.links) {
      if (!urlOf.has(target)) {
        warning(fileOf.get(article.sourcePath), `link to an article that is not published: ${target}`, {
          ruleId: 'link-not-found',
          hint: 'check the file name, or publish the linked article first',
        });
      }
    }
  }

  const templatesKey = key(theme.templates);
  let templates: Templates | null = null;
  const loadTemplates = async (): Promise<Templates | null> => {
    if (templates) return templates;
    const { createTemplates, TemplateError } = await import('./render/templates.js');
    try {
      templates = createTemplates(theme.templates, config);
      return templates;
    } catch (cause) {
      if (!(cause instanceof TemplateError)) throw cause;
      files.push(templateProblem(theme, cause));
      return null;
    }
  };
  // Templates that changed since the last good build are checked before anything else.
  if (previous?.templatesKey !== templatesKey) await loadTemplates();

  if (files.some(hasErrors)) {
    await pool.close();
    pack.close();
    return failed();
  }

  io.phase?.('collect the site');

  // 4. Plan every output, each with the key of what it shows.
  const { articleStatus, pagePlans, sectionOf, sharedView } = await import('./render/pages.js');
  const { feedPlans } = await import('./render/feeds.js');
  const { sitemapPlans } = await import('./render/sitemaps.js');
  const shared: Shared = sharedView(site);
  const templateKey = templateKeys(theme);
  const metaKeys = new Map<ArticleMeta, string>();
  for (const [meta, entry] of entryOf) metaKeys.set(meta, entry.metaKey!);
  const context: PlanContext = {
    site,
    shared,
    sharedKey: key(input.version, config, shared),
    templateKey,
    templateExists: (name) => `${name}.liquid` in theme.templates,
    metaKey: (article) => metaKeys.get(article)!,
    key,
  };

  // An article page shows its related articles, chosen from the heads of its tags and section:
  // its key covers those heads, so the related lists themselves are worked out only for the
  // pages that are rendered.
  const headKeys = new Map<Taxonomy, string>();
  const headKey = (taxonomy: Taxonomy) => {
    let value = headKeys.get(taxonomy);
    if (value === undefined) {
      value = key(relatedHead(taxonomy).map(context.metaKey));
      headKeys.set(taxonomy, value);
    }
    return value;
  };
  interface PlannedArticle {
    path: string;
    key: string;
    meta: ArticleMeta;
    entry: ArticleEntry;
    section: { name: string; url: string } | null;
    status: string | null;
  }
  const articleJobs: PlannedArticle[] = [];
  for (const article of site.articles) {
    const entry = entryOf.get(article)!;
    const section = sectionOf(site, article);
    const status = articleStatus(article, site.now);
    const links = entry.links.map((target) => [target, urlOf.get(target) ?? null]);
    const heads = relatedSources(site, article).map(headKey);
    articleJobs.push({
      path: outputPath(article.url),
      key: key('article', templateKey('article'), context.sharedKey, entry.metaKey, entry.bodyKey, heads, section, status, links),
      meta: article,
      entry,
      section,
      status,
    });
  }
  const plans: Plan[] = pagePlans(context);
  // A feed carries the body with its links to other articles resolved, so it changes with their URLs.
  const bodyOf = (article: ArticleMeta) => {
    const entry = entryOf.get(article)!;
    return {
      key: key(entry.bodyKey, entry.links.map((target) => urlOf.get(target) ?? null)),
      get html() {
        return resolveBodyLinks(pack.read(entry.body!), article.url, urlOf, config);
      },
    };
  };
  plans.push(...feedPlans(context, bodyOf));
  const sitemapEntries = [
    ...site.articles.map((article) => ({ url: article.url, lastmod: article.updated ?? article.published })),
    ...plans.flatMap((plan) => plan.sitemap),
  ];
  plans.push(...sitemapPlans(context, orderSitemap(sitemapEntries)));
  const copies = [...theme.assets, ...tree.assets].map((asset) => ({
    path: asset.sourcePath,
    source: asset.absolutePath,
    displayPath: asset.displayPath,
    key: key('copy', asset.sourcePath, asset.size, asset.mtimeMs, asset.ino),
  }));

  // Two outputs on one path would overwrite each other: refuse before writing anything.
  // An article is named by its source file, and is where the message goes: it is what to change.
  const articleOf = new Map(articleJobs.map((job) => [refOf.get(job.meta.sourcePath)!.displayPath, job.meta.sourcePath]));
  const clashes = duplicateOutputs(function* () {
    for (const job of articleJobs) yield [job.path, refOf.get(job.meta.sourcePath)!.displayPath];
    for (const plan of plans) for (const file of plan.paths) yield [file, 'a page Broadsheet makes itself'];
    for (const copy of copies) yield [copy.path, copy.displayPath];
  }());
  for (const { outputPath: clash, first, second } of clashes) {
    const article = articleOf.get(first) ?? articleOf.get(second);
    const other = articleOf.has(first) ? second : first;
    const file = article === undefined ? new VFile({ path: second }) : fileOf.get(article);
    if (article === undefined) files.push(file);
    error(file, `${clash} is written twice in the output: ${article === undefined ? `also by ${first}` : `this article's page, and ${other}`}`, {
      ruleId: 'duplicate-output',
      hint: article === undefined ? 'move or rename the file so that it has a path of its own' : 'give the article a different `slug:`, or another headline',
    });
  }
  if (files.some(hasErrors)) {
    await pool.close();
    pack.close();
    return failed();
  }

  io.phase?.('plan');

  // 5. Render what changed (everything, when validating only) and stage it beside the output.
  const sameOutput = previous?.out !== null && previous?.out === manifest.out;
  const isCurrent = (file: string, outputKey: string): OutputEntry | null => {
    if (!io.outDir || !sameOutput) return null;
    const entry = previous!.outputs[file];
    if (!entry || entry.key !== outputKey) return null;
    const info = statSync(safeJoin(manifest.out!, file), { throwIfNoEntry: false });
    return info && info.size === entry.size && info.mtimeMs === entry.mtimeMs ? entry : null;
  };

  const produced = new Set<string>([OUTPUT_MARKER]);
  const stagedFiles: string[] = [];
  let unchangedRendered = 0;
  let unchanged = 0;
  let staging: Staging | null = null;
  const sink = async (): Promise<Staging> => {
    if (!staging) {
      staging = io.outDir ? await beginWrite(io.outDir) : { out: '', dir: '', fresh: true, discard: true };
    }
    return staging;
  };
  const record = (file: string, outputKey: string, staged: Staged) => {
    // The output's entry for the next build; a written file's mtime is known once it is in place.
    const entry: OutputEntry = { key: outputKey, hash: staged.hash, size: staged.size, mtimeMs: 0 };
    manifest.outputs[file] = entry;
    if (staged.written) stagedFiles.push(file);
    else {
      unchangedRendered++;
      if (manifest.out) entry.mtimeMs = statSync(safeJoin(manifest.out, file), { throwIfNoEntry: false })?.mtimeMs ?? 0;
    }
  };
  const keep = (file: string, entry: OutputEntry) => {
    manifest.outputs[file] = entry;
    unchanged++;
  };

  const todoJobs = articleJobs.filter((job) => {
    produced.add(job.path);
    const current = isCurrent(job.path, job.key);
    if (current) keep(job.path, current);
    return !current;
  });
  const todoPlans = plans.filter((plan) => {
    for (const file of plan.paths) produced.add(file);
    const current = plan.paths.map((file) => isCurrent(file, plan.key));
    if (current.every(Boolean)) {
      plan.paths.forEach((file, i) => keep(file, current[i]!));
      return false;
    }
    return true;
  });
  const todoCopies = copies.filter((copy) => {
    produced.add(copy.path);
    const current = isCurrent(copy.path, copy.key);
    if (current) keep(copy.path, current);
    return !current;
  });
  const markerCurrent = isCurrent(OUTPUT_MARKER, 'marker');
  if (markerCurrent) keep(OUTPUT_MARKER, markerCurrent);

  // The search index is remade whole when any article changes (Pagefind has no updates); its
  // files are known by the key they were written under.
  const searchKey = key('search', input.version, config.language, config.baseUrl, site.articles.map((article) => [article.url, context.metaKey(article), entryOf.get(article)!.bodyKey]));
  const previousSearch = sameOutput ? Object.keys(previous!.outputs).filter((file) => file.startsWith('pagefind/')) : [];
  let searchTodo = options.search && io.outDir !== null;
  if (searchTodo && previousSearch.length > 0 && previousSearch.every((file) => isCurrent(file, searchKey))) {
    for (const file of previousSearch) {
      produced.add(file);
      keep(file, previous!.outputs[file]!);
    }
    searchTodo = false;
  }
  // Until the index is remade, its old files count as produced; the new index says which stay.
  const stale = sameOutput ? Object.keys(previous!.outputs).filter((file) => !produced.has(file) && !(searchTodo && file.startsWith('pagefind/'))) : [];
  const total = todoJobs.length + todoPlans.length + todoCopies.length;
  const nothingToDo = total === 0 && markerCurrent !== null && stale.length === 0 && !searchTodo;

  let templateFailure: TemplateFailure | null = null;
  let removed = 0;
  if (!nothingToDo) {
    if (!(await loadTemplates())) {
      await pool.close();
      pack.close();
      return failed();
    }
    const target = await sink();
    let done = 0;
    const tick = () => io.progress?.('render', ++done, total);
    try {
      // Pages from templates go to the workers (article pages first: they take longest); the
      // main thread meanwhile makes feeds and sitemaps, yielding now and then so the workers'
      // results are taken in.
      const pagePlansTodo = todoPlans.filter((plan) => 'page' in plan);
      const otherPlans = todoPlans.filter((plan) => 'render' in plan);
      const templated = todoJobs.length + pagePlansTodo.length;
      const renderPool = templated > 0 && pool.threads === 0 ? io.pool(templated) : pool;
      const keyOf = new Map<string, string>();
      for (const job of todoJobs) keyOf.set(job.path, job.key);
      for (const plan of pagePlansTodo) keyOf.set(plan.paths[0]!, plan.key);
      // Workers need the URLs only of the articles some body links to, not the whole site's.
      const linkedUrls = new Map<string, string>();
      for (const job of todoJobs) {
        for (const target of job.entry.links) {
          const url = urlOf.get(target);
          if (url !== undefined) linkedUrls.set(target, url);
        }
      }
      function* jobs(): Generator<RenderJob> {
        for (const job of todoJobs) {
          yield {
            kind: 'article',
            path: job.path,
            meta: job.meta,
            body: job.entry.body!,
            related: relatedArticles(site, job.meta),
            section: job.section,
            status: job.status,
            previousHash: previousHash(job.path),
          };
        }
        for (const plan of pagePlansTodo) {
          const path = plan.paths[0]!;
          yield { kind: 'page', path, page: (plan as { page: () => PageRender }).page(), previousHash: previousHash(path) };
        }
      }
      const rendering = renderPool.render(
        jobs(),
        { config, shared, templates: theme.templates, packFile, staging: target, urlOf: [...linkedUrls] },
        (outcome, job) => {
          if ('failure' in outcome) templateFailure ??= outcome.failure;
          else record(job.path, keyOf.get(job.path)!, outcome.staged);
          tick();
        },
      );
      let sinceYield = 0;
      for (const plan of otherPlans) {
        if (io.aborted()) throw new WriteAborted();
        const outputs = await (plan as { render: () => string[] | Promise<string[]> }).render();
        plan.paths.forEach((file, i) => record(file, plan.key, stageFile(target, file, outputs[i]!, previousHash(file))));
        tick();
        if (++sinceYield >= 4) {
          sinceYield = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      for (const copy of todoCopies) {
        record(copy.path, copy.key, stageCopy(target, copy.path, copy.source));
        tick();
      }
      if (!markerCurrent) record(OUTPUT_MARKER, 'marker', stageFile(target, OUTPUT_MARKER, MARKER_TEXT));
      if (searchTodo) {
        const { buildSearchIndex } = await import('./render/search.js');
        for (const file of await buildSearchIndex(site, (article) => pack.read(entryOf.get(article)!.body!))) {
          produced.add(file.path);
          record(file.path, searchKey, stageFile(target, file.path, file.content, previousHash(file.path)));
        }
      }
      await rendering;
      if (renderPool !== pool) await renderPool.close();
      if (io.aborted()) throw new WriteAborted();
    } catch (cause) {
      await pool.close();
      pack.close();
      if (io.outDir) await abortWrite(target);
      const { TemplateError } = await import('./render/templates.js');
      if (cause instanceof TemplateError) {
        files.push(templateProblem(theme, cause));
        return failed();
      }
      throw cause;
    }
    if (templateFailure) {
      await pool.close();
      pack.close();
      if (io.outDir) await abortWrite(target);
      files.push(templateProblem(theme, templateFailure));
      return failed();
    }

    io.phase?.('render');

    // 6. Commit: staged files into place, stale files out.
    if (io.outDir) {
      const gone = sameOutput ? Object.keys(previous!.outputs).filter((file) => !produced.has(file)) : null;
      removed = await commitWrite(target, stagedFiles, produced, gone, io.aborted, (file, mtimeMs) => {
        manifest.outputs[file]!.mtimeMs = mtimeMs;
      });
    }
  }
  await pool.close();

  function previousHash(file: string): string | null {
    const entry = sameOutput ? previous!.outputs[file] : undefined;
    if (!entry) return null;
    const info = statSync(safeJoin(manifest.out!, file), { throwIfNoEntry: false });
    return info && info.size === entry.size && info.mtimeMs === entry.mtimeMs ? entry.hash : null;
  }

  for (const [meta, entry] of entryOf) entry.meta = serializeMeta(meta);
  // Every edit appends a body; once most of the pack is old bodies, it is rewritten without them.
  if (pack.wasteful) {
    const holders = Object.values(manifest.articles).filter((entry) => entry.body !== null);
    const moved = pack.compact(holders.map((entry) => entry.body!));
    holders.forEach((entry, i) => (entry.body = moved[i]!));
  }
  manifest.pack = { file: path.basename(packFile), size: pack.size, live: pack.live };
  manifest.templatesKey = templatesKey;
  pack.close();
  if (!config.baseUrl) {
    notices.push('No baseUrl is set, so the site has no feeds or sitemaps (they need absolute URLs). Set "baseUrl" in broadsheet.config.json, or pass --base-url.');
  }
  const written = stagedFiles.length;
  const pages = [...produced].filter((file) => file.endsWith('.html')).length;
  return {
    files,
    site,
    notices,
    manifest,
    validUntil,
    sources: tree.articles.length,
    stats: {
      articles: site.articles.length,
      parsed: toParse.length,
      pages,
      feeds: [...produced].filter((file) => PAGE_FEEDS.test(file)).length,
      written,
      unchanged: unchanged + unchangedRendered,
      removed,
    },
  };
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

/** Home first, then everything else by URL, so the sitemap reads in a stable order. */
function orderSitemap<T extends { url: string }>(entries: T[]): T[] {
  return [...entries].sort((a, b) => (a.url === '/' ? -1 : b.url === '/' ? 1 : a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

function templateProblem(theme: Theme, cause: TemplateFailure | { message: string; template: string; line: number; column: number; ruleId: string; hint: string }): VFile {
  const file = new VFile({ path: theme.templatePaths[cause.template] ?? `templates/${cause.template}` });
  error(file, cause.message, { place: { line: cause.line, column: cause.column }, ruleId: cause.ruleId, hint: cause.hint });
  return file;
}

/** Each output path claimed twice, with its two owners in the order they claimed it. */
function duplicateOutputs(claims: Iterable<[outputPath: string, owner: string]>): { outputPath: string; first: string; second: string }[] {
  const owners = new Map<string, string>();
  const clashes: { outputPath: string; first: string; second: string }[] = [];
  for (const [outputPathName, owner] of claims) {
    const earlier = owners.get(outputPathName);
    if (earlier === undefined) owners.set(outputPathName, owner);
    else clashes.push({ outputPath: outputPathName, first: earlier, second: owner });
  }
  return clashes;
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
