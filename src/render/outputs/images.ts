import type { EncodePlan, Output, PlanContext } from '../output.js';

/** The files the images module makes of the site's pictures: renditions, crops, cards, the logo, originals stripped. */
function plan(context: PlanContext): EncodePlan[] {
  return (context.images?.plans ?? []).map((each) => ({ kind: 'encode', paths: each.paths, key: context.key('encode', each.key), displayPath: each.displayPath, make: each.make }));
}

export const images: Output = { name: 'images', plan };
