import type SharpModule from 'sharp';

// sharp, loaded when a build first has a picture to read, and set up once: one libvips thread
// per picture (the build runs as many pictures at once as it has cores) and no libvips cache,
// which would otherwise hold decoded photos long after they are written.

export type Sharp = typeof SharpModule;

let loaded: Promise<Sharp> | null = null;

export function loadSharp(): Promise<Sharp> {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    sharp.concurrency(1);
    sharp.cache(false);
    return sharp;
  });
  return loaded;
}

/**
 * How every picture is opened: refused past `maxPixels` before decoding, and refused on a
 * decoder's error, the same when probed as when encoded, so a picture that was read is encoded.
 */
export function inputOptions(maxPixels: number) {
  return { limitInputPixels: maxPixels, failOn: 'error' as const };
}
