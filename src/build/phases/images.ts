import { availableParallelism } from 'node:os';
import path from 'node:path';
import { VFile } from 'vfile';
import { report } from '../../messages/diagnostics.js';
import type { SourceRef } from '../../project/scan.js';
import type { ArticleMeta } from '../../types.js';
import type { ImageEntry } from '../cache.js';
import type { ImageInfo, ImageProblem, ImageSource } from '../../images/index.js';
import { hashOf } from '../cache.js';
import type { BuildState } from '../state.js';
import { inTurns } from '../in-turns.js';
import { isProblem } from '../../images/probe.js';

// Reads the pictures of the content folder (and those of the theme the config names), puts each
// problem on the article that shows the picture, and hands planning the image set: what pages
// show and which files to make. Pictures already read by the last build are not read again.

const PICTURE = /\.(?:jpe?g|png|gif|webp|avif|tiff?|svg|heic|heif)$/i;

export async function images(state: BuildState): Promise<void> {
  const { input, io, manifest } = state;
  const settings = input.config.images;
  if (!settings) return;
  const site = state.site!;
  const { config } = input;
  // Site paths of the pictures the config names: the logo, and the authors' portraits.
  const onSite = (src: string | null): src is string => src?.startsWith('/') ?? false;
  const portraits = Object.values(config.authors).map((profile) => profile.image).filter(onSite);
  const configImages = [config.publisher.logo, ...portraits].filter(onSite);
  const themeOnes = new Set(configImages.map((src) => src.slice(1)));
  const candidates = [...input.theme.assets.filter((asset) => themeOnes.has(asset.sourcePath)), ...input.tree.assets].filter((asset) => PICTURE.test(asset.sourcePath));
  const sources = new Map<string, SourceRef>();
  for (const asset of candidates) sources.set(asset.sourcePath, asset);

  const { imageSet, ImageStore, readPicture, themeColours, inlineDarkroom } = await import('../../images/index.js');
  const store = new ImageStore(path.join(io.cacheDir, 'images'));
  // Started now, its process only at the first picture to read or file to make.
  const darkroom = (state.darkroom = (io.darkroom ?? inlineDarkroom)());
  const results = new Map<string, ImageInfo | ImageProblem>();
  await inTurns([...sources.values()], availableParallelism(), async (ref) => {
    const previous = state.previous?.images[ref.sourcePath];
    let entry: ImageEntry | undefined = previous && previous.size === ref.size && previous.mtimeMs === ref.mtimeMs && previous.ino === ref.ino ? previous : undefined;
    if (!entry) {
      const bytes = await readPicture(ref.absolutePath);
      const hash = hashOf(bytes);
      // A restored cache or a fresh clone: new dates, the same bytes.
      entry = previous?.hash === hash ? { ...previous, mtimeMs: ref.mtimeMs, ino: ref.ino } : { size: ref.size, mtimeMs: ref.mtimeMs, ino: ref.ino, hash, result: await darkroom.probe(bytes, hash, settings.maxPixels) };
    }
    manifest.images[ref.sourcePath] = entry;
    results.set(ref.sourcePath, entry.result);
  });

  const bodyImages = (article: ArticleMeta) => Object.keys(manifest.articles[article.sourcePath]?.assets ?? {}).filter((asset) => results.has(asset));
  reportProblems(state, sources, results, bodyImages, configImages);

  const infos = new Map<string, { source: ImageSource; info: ImageInfo }>();
  for (const [sourcePath, result] of results) if (!isProblem(result)) infos.set(sourcePath, { source: sources.get(sourcePath)!, info: result });
  // The theme's own stylesheet, or the default one: a card is drawn in the colours pages are.
  const stylesheet = input.theme.assets.find((asset) => asset.sourcePath === 'assets/style.css');
  state.images = imageSet({
    settings,
    infos,
    articles: site.articles,
    bodyImages,
    portraits: portraits.map((src) => src.slice(1)),
    displayOf: (sourcePath) => state.refOf.get(sourcePath)?.displayPath ?? sourcePath,
    logo: config.publisher.logo,
    site: { title: config.title, colours: themeColours(stylesheet ? String(await readPicture(stylesheet.absolutePath).catch(() => '')) : null) },
    store,
    darkroom,
  });
}

/** Each problem on the file to change: the article that shows the picture, or else the picture itself. */
function reportProblems(
  state: BuildState,
  sources: Map<string, SourceRef>,
  results: Map<string, ImageInfo | ImageProblem>,
  bodyImages: (article: ArticleMeta) => string[],
  configImages: string[],
): void {
  const shownBy = new Map<string, string[]>();
  const show = (sourcePath: string, by: string) => {
    const list = shownBy.get(sourcePath) ?? [];
    if (!list.includes(by)) list.push(by);
    shownBy.set(sourcePath, list);
  };
  for (const article of state.site!.articles) {
    if (article.image?.src.startsWith('/')) show(article.image.src.slice(1), article.sourcePath);
    for (const sourcePath of bodyImages(article)) show(sourcePath, article.sourcePath);
  }
  for (const [sourcePath, result] of results) {
    const displayPath = sources.get(sourcePath)!.displayPath;
    if (isProblem(result)) {
      const articles = shownBy.get(sourcePath) ?? [];
      const inConfig = configImages.includes(`/${sourcePath}`);
      const reason = `${displayPath}: ${result.reason}`;
      if (result.ruleId === 'image-unsupported' || (articles.length === 0 && !inConfig)) {
        const file = new VFile({ path: displayPath });
        const rule = result.ruleId === 'image-unsupported' ? result.ruleId : 'image-skipped';
        report(file, articles.length > 0 ? `${result.reason}; shown by ${articles.map((each) => state.refOf.get(each)?.displayPath ?? each).join(', ')}` : result.reason, { ruleId: rule, hint: result.hint });
        state.files.push(file);
        continue;
      }
      for (const article of articles) report(state.fileOf(article), reason, { ruleId: result.ruleId, hint: result.hint });
      if (inConfig) {
        const file = new VFile({ path: displayPath });
        report(file, `${result.reason}; the config names it as the publisher's logo or an author's portrait`, { ruleId: result.ruleId, hint: result.hint });
        state.files.push(file);
      }
    } else if (result.format === 'svg' && !result.drawable) {
      const file = new VFile({ path: displayPath });
      report(file, 'the SVG has a script, an event handler or a reference to another file: it is served as a file, never drawn as pixels or put inline', { ruleId: 'image-unsafe-svg' });
      state.files.push(file);
    }
  }
}
