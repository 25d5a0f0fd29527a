import type { Output, Plan, PlanContext } from '../output.js';

/** The theme's and the content folder's other files (styles, images), copied as they are; pictures the images module serves are its. */
function plan(context: PlanContext): Plan[] {
  const served = context.images?.serves;
  return context.assets.filter((asset) => !served?.has(asset.sourcePath)).map((asset) => ({
    kind: 'copy',
    paths: [asset.sourcePath],
    key: context.key('copy', asset.sourcePath, asset.size, asset.mtimeMs, asset.ino),
    source: asset.absolutePath,
    displayPath: asset.displayPath,
  }));
}

export const assets: Output = { name: 'assets', plan };
