import { existsSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite, darkroomsIn, hashes, md, project, readPage, startCli, writeFiles, type CliBuild } from './helpers.js';

// Photos as readers, social networks and search engines get them: the site built through the
// CLI from photos made here at camera size, its pages read with an HTML parser and its image
// files read back with sharp.

/** A camera-sized photo: a gradient with noise (so it does not compress to nothing), with EXIF that says where it was taken. */
async function cameraPhoto(width: number, height: number, options: { seed?: number; orientation?: number } = {}): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = options.seed ?? 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      state = (state * 1103515245 + 12345) >>> 0;
      const noise = (state >>> 24) % 24;
      const i = (y * width + x) * 3;
      pixels[i] = Math.min(255, Math.floor((x / width) * 200) + noise);
      pixels[i + 1] = Math.min(255, Math.floor((y / height) * 200) + noise);
      pixels[i + 2] = 90 + noise;
    }
  }
  const photo = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .withExif({ IFD0: { Make: 'Test Camera', Artist: 'A Photographer' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '34/1 5/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '74/1 48/1 0/1' } })
    .toBuffer();
  return options.orientation ? sharp(photo).keepExif().withMetadata({ orientation: options.orientation }).jpeg({ quality: 85 }).toBuffer() : photo;
}

/** A PNG whose header claims `width` × `height` pixels, with almost nothing behind it: a decompression bomb's first bytes. */
function claimedPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))]);
}

const CONFIG = {
  title: 'The Photo Desk',
  baseUrl: 'https://news.example/',
  twitter: '@photodesk',
  publisher: { name: 'Photo Desk Media', logo: '/logo.svg' },
  authors: { 'Ana Lima': { twitter: 'analima', image: '/people/ana.jpg' } },
};

const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60"><rect width="240" height="60" fill="#a3161a"/></svg>';

let site: CliBuild;
let photos: Record<string, Buffer>;

beforeAll(async () => {
  photos = {
    'world/storm.jpg': await cameraPhoto(4000, 3000, { seed: 1 }),
    'world/market.jpg': await cameraPhoto(3000, 2000, { seed: 2 }),
    // Held sideways, as a phone stores a portrait: 1600 × 1200 pixels, to be shown 1200 × 1600.
    'world/portrait.jpg': await cameraPhoto(1600, 1200, { seed: 3, orientation: 6 }),
    'people/ana.jpg': await cameraPhoto(800, 800, { seed: 4 }),
  };
  site = buildSite(
    project(
      {
        ...photos,
        'logo.svg': LOGO,
        'world/2026-11-24-storm.md': md(
          { title: 'Storm surge floods the harbour front', date: '2026-11-24T08:00:00Z', author: 'Ana Lima', section: 'World', image: { src: 'storm.jpg', alt: 'Waves break over the harbour wall', caption: 'The harbour at noon.' } },
          'The sea came over the wall at noon.\n\n![Stalls under water at the fish market](market.jpg)\n\nTraders waited for the tide.',
        ),
        'world/2026-11-23-portrait.md': md({ title: 'A portrait of the harbour master', date: '2026-11-23T08:00:00Z', section: 'World', image: { src: 'portrait.jpg', alt: 'The harbour master on the quay', focus: [0.5, 0.2] } }),
        'city/2026-11-22-council.md': md({ title: 'Council meets on the budget', date: '2026-11-22T08:00:00Z', section: 'City' }),
      },
      CONFIG,
    ),
  );
}, 180_000);

const STORM = '2026/11/24/storm-surge-floods-the-harbour-front/index.html';
const PORTRAIT = '2026/11/23/a-portrait-of-the-harbour-master/index.html';
const COUNCIL = '2026/11/22/council-meets-on-the-budget/index.html';

const fileOf = (url: string) => path.join(site.out, new URL(url, 'https://news.example/').pathname);
const meta = (page: Document, key: string) => [...page.querySelectorAll(`meta[property="${key}"], meta[name="${key}"]`)].map((element) => element.getAttribute('content'));
const jsonLd = (page: Document) => JSON.parse(page.querySelector('script[type="application/ld+json"]')!.textContent!) as Record<string, unknown>;
/** The files a `srcset` names, with their widths, resolved against the page. */
function srcset(page: string, value: string | null): { file: string; width: number }[] {
  return (value ?? '').split(', ').map((candidate) => {
    const [url, width] = candidate.split(' ');
    return { file: url!.startsWith('/') ? path.join(site.out, url!) : path.join(path.dirname(path.join(site.out, page)), url!), width: Number(width!.slice(0, -1)) };
  });
}

describe('photos on pages', () => {
  it('should build without a problem', () => {
    expect(site.result.stderr).not.toMatch(/error|warning/i);
    expect(site.result.code).toBe(0);
  });

  it('should show the lead photo as a <picture>: AVIF and WebP, a JPEG fallback, each at widths up to 1920 that are really those widths', async () => {
    const page = readPage(site.out, STORM);
    const picture = page.querySelector('.lead-image picture')!;
    const sources = [...picture.querySelectorAll('source')];
    expect(sources.map((source) => source.getAttribute('type'))).toEqual(['image/avif', 'image/webp']);
    const img = picture.querySelector('img')!;
    for (const [element, format] of [[sources[0]!, 'heif'], [sources[1]!, 'webp'], [img, 'jpeg']] as const) {
      const candidates = srcset(STORM, element.getAttribute('srcset'));
      expect(candidates.map((each) => each.width)).toEqual([320, 640, 768, 1024, 1280, 1920]);
      expect(element.getAttribute('sizes')).toBe('(min-width: 42rem) 40rem, calc(100vw - 2rem)');
      for (const { file, width } of candidates) {
        const info = await sharp(file).metadata();
        expect([info.format, info.width, info.height], file).toEqual([format, width, Math.round((width * 3000) / 4000)]);
      }
    }
    expect([img.getAttribute('width'), img.getAttribute('height'), img.getAttribute('alt')]).toEqual(['4000', '3000', 'Waves break over the harbour wall']);
    expect(img.getAttribute('fetchpriority')).toBe('high');
    expect(img.hasAttribute('loading')).toBe(false);
  });

  it('should show a tiny inline placeholder under the lead photo, which needs nothing the page policy forbids', () => {
    const page = readPage(site.out, STORM);
    // A grid of the photo's colours, drawn inline: nothing to download, hidden from screen readers.
    const placeholder = page.querySelector('.lead-image svg.placeholder')!;
    expect(placeholder.getAttribute('aria-hidden')).toBe('true');
    expect(placeholder.getAttribute('viewBox')).toBe('0 0 6 5');
    const colours = [...placeholder.querySelectorAll('rect')].map((rect) => rect.getAttribute('fill'));
    expect(colours).toHaveLength(30);
    expect(colours.every((colour) => /^#[0-9a-f]{6}$/.test(colour!))).toBe(true);
    // The gradient runs from dark at the top left to light at the bottom right, as the photo does.
    expect(parseInt(colours[0]!.slice(1, 3), 16)).toBeLessThan(parseInt(colours[29]!.slice(1, 3), 16));
    const policy = page.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')!;
    expect(policy).toMatch(/img-src [^;]*data:/);
    expect(policy).not.toMatch(/unsafe-inline|script-src/);
    expect(page.querySelectorAll('[style], style')).toHaveLength(0);
  });

  it('should make a body photo a lazy <picture> of its own, with its size', () => {
    const page = readPage(site.out, STORM);
    const img = page.querySelector('.article-body picture img')!;
    expect(img.getAttribute('alt')).toBe('Stalls under water at the fish market');
    expect([img.getAttribute('width'), img.getAttribute('height'), img.getAttribute('loading')]).toEqual(['3000', '2000', 'lazy']);
    expect(page.querySelectorAll('.article-body picture source')).toHaveLength(2);
    expect(srcset(STORM, img.getAttribute('srcset')).every(({ file }) => existsSync(file))).toBe(true);
  });

  it('should turn a photo the camera held sideways upright, in its size and in every file', async () => {
    const img = readPage(site.out, PORTRAIT).querySelector('.lead-image img[fetchpriority]')!;
    expect([img.getAttribute('width'), img.getAttribute('height')]).toEqual(['1200', '1600']);
    const widest = srcset(PORTRAIT, img.getAttribute('srcset')).at(-1)!;
    expect(widest.width).toBe(1200);
    const info = await sharp(widest.file).metadata();
    expect([info.width, info.height, info.orientation]).toEqual([1200, 1600, undefined]);
  });

  it('should show the teaser on the home page as a <picture> sized for its column, the lead one fetched first', () => {
    const home = readPage(site.out, 'index.html');
    const img = home.querySelector('.teaser-lead picture img')!;
    expect(img.getAttribute('fetchpriority')).toBe('high');
    expect(img.getAttribute('sizes')).toBe('(min-width: 72rem) 40rem, (min-width: 48rem) calc(60vw - 3rem), calc(100vw - 2rem)');
    expect([img.getAttribute('width'), img.getAttribute('height')]).toEqual(['4000', '3000']);
  });

  it('should show an author portrait from renditions too', () => {
    const page = readPage(site.out, 'authors/ana-lima/index.html');
    const img = page.querySelector('.author-header picture img')!;
    expect(img.getAttribute('sizes')).toBe('96px');
    expect(img.getAttribute('src')).toMatch(/images\/ana-[0-9a-f]{10}-800\.jpg$/);
  });
});

describe('photos for machines', () => {
  it('should give Open Graph and Twitter a 1200 × 630 JPEG with its alt text, and the handles', async () => {
    const page = readPage(site.out, STORM);
    const [card] = meta(page, 'og:image');
    expect(meta(page, 'twitter:image')).toEqual([card]);
    const info = await sharp(fileOf(card!)).metadata();
    expect([info.format, info.width, info.height]).toEqual(['jpeg', 1200, 630]);
    expect([meta(page, 'og:image:width'), meta(page, 'og:image:height')]).toEqual([['1200'], ['630']]);
    expect(meta(page, 'og:image:alt')).toEqual(['Waves break over the harbour wall']);
    expect(meta(page, 'twitter:image:alt')).toEqual(['Waves break over the harbour wall']);
    expect([meta(page, 'twitter:site'), meta(page, 'twitter:creator')]).toEqual([['@photodesk'], ['@analima']]);
  });

  it('should give JSON-LD three crops, 16:9, 4:3 and 1:1, 1,200 px wide, at the sizes the files really are', async () => {
    const images = jsonLd(readPage(site.out, STORM))['image'] as { url: string; width: number; height: number }[];
    expect(images.map(({ width, height }) => [width, height])).toEqual([[1200, 675], [1200, 900], [1200, 1200]]);
    for (const image of images) {
      const info = await sharp(fileOf(image.url)).metadata();
      expect([info.format, info.width, info.height]).toEqual(['jpeg', image.width, image.height]);
    }
  });

  it('should crop around the focus the front matter gives', async () => {
    // The subject is high in the frame: the wide crop keeps the top, where the gradient is darkest green.
    const images = jsonLd(readPage(site.out, PORTRAIT))['image'] as { url: string }[];
    const wide = await sharp(fileOf(images[0]!.url)).stats();
    const whole = await sharp(photos['world/portrait.jpg']!).rotate().stats();
    // Red grows along the camera's x axis, which is down the upright picture: the crop of its top
    // is far below the average.
    expect(wide.channels[0]!.mean).toBeLessThan(whole.channels[0]!.mean - 30);
  });

  it('should give a story with no photo a card of its own: 1200 × 630, with an alt text, in every place a photo would be', async () => {
    const page = readPage(site.out, COUNCIL);
    const [card] = meta(page, 'og:image');
    expect(card).toMatch(/^https:\/\/news\.example\/2026\/11\/22\/council-meets-on-the-budget\/card-[0-9a-f]{8}\.jpg$/);
    const info = await sharp(fileOf(card!)).metadata();
    expect([info.format, info.width, info.height]).toEqual(['jpeg', 1200, 630]);
    expect(meta(page, 'twitter:image:alt')).toEqual(['Council meets on the budget – The Photo Desk']);
    expect(meta(page, 'twitter:card')).toEqual(['summary_large_image']);
    expect(jsonLd(page)['image']).toEqual([{ '@type': 'ImageObject', url: card, width: 1200, height: 630 }]);
  });

  it('should give feeds and search engines the logo as a PNG, drawn from the SVG', async () => {
    const channel = readFileSync(path.join(site.out, 'feed.xml'), 'utf8').match(/<image>\s*<title>[^<]*<\/title>\s*<url>([^<]+)<\/url>/)![1]!;
    const info = await sharp(fileOf(channel)).metadata();
    expect([info.format, info.width, info.height]).toEqual(['png', 240, 60]);
    const publisher = jsonLd(readPage(site.out, STORM))['publisher'] as { logo: { url: string } };
    expect(publisher.logo.url).toBe(channel);
  });

  it('should strip EXIF, GPS included, from every picture the site serves, the originals too', async () => {
    const pictures = listed(site.out).filter((file) => /\.(?:jpe?g|png|webp|avif)$/.test(file));
    expect(pictures.length).toBeGreaterThan(60);
    expect(pictures).toContain('world/storm.jpg');
    for (const file of pictures) {
      const info = await sharp(path.join(site.out, file)).metadata();
      expect([info.exif, info.xmp, info.iptc], file).toEqual([undefined, undefined, undefined]);
    }
    expect(readFileSync(path.join(site.out, 'world/storm.jpg')).includes(Buffer.from('A Photographer'))).toBe(false);
    // The original keeps its pixels: only its metadata went.
    const original = await sharp(path.join(site.out, 'world/storm.jpg')).metadata();
    expect([original.width, original.height]).toEqual([4000, 3000]);
  });
});

function listed(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? listed(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]));
}

describe('the image cache', () => {
  it('should encode nothing when nothing changed, and only the photo that changed when one did', async () => {
    const cache = path.join(site.cwd, 'node_modules/.cache/broadsheet/images');
    const before = new Map(readdirSync(cache).map((name) => [name, statSync(path.join(cache, name)).mtimeMs]));
    const again = buildSite(site.cwd);
    expect(again.result.code).toBe(0);
    expect(again.result.stderr).toMatch(/^Up to date: /m);
    expect(readdirSync(cache).length).toBe(before.size);
    const outputs = hashes(site.out);
    writeFileSync(path.join(site.cwd, 'content/world/market.jpg'), await cameraPhoto(3000, 2000, { seed: 9 }));
    const edited = buildSite(site.cwd);
    expect(edited.result.code).toBe(0);
    const made = readdirSync(cache).filter((name) => !before.has(name));
    // The market photo's 6 widths in 3 formats, its 3 crops and card, and its stripped original.
    expect(made).toHaveLength(6 * 3 + 4 + 1);
    for (const [name, mtime] of before) expect(statSync(path.join(cache, name)).mtimeMs, name).toBe(mtime);
    const changed = Object.keys(hashes(site.out)).filter((file) => outputs[file] !== hashes(site.out)[file]);
    expect(changed.filter((file) => file.endsWith('.html'))).toEqual([STORM]);
  }, 180_000);
});

describe('pictures that cannot be processed', () => {
  const story = (image: string) => md({ title: 'A story with a bad picture', date: '2026-11-24T08:00:00Z', image: { src: image, alt: 'Something' } });

  function refused(name: string, bytes: Uint8Array | string, reason: RegExp) {
    const dir = project({ '2026-11-24-good.md': md({ title: 'Good', date: '2026-11-23' }) }, CONFIG);
    expect(buildSite(dir).result.code).toBe(0);
    const before = hashes(path.join(dir, 'out'));
    writeFiles(dir, { [`content/${name}`]: bytes, 'content/2026-11-24-bad.md': story(name) });
    const { result } = buildSite(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`content/2026-11-24-bad.md: error: content/${name}: `);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(hashes(path.join(dir, 'out'))).toEqual(before);
  }

  it('should refuse a corrupt photo, naming it and the story, and leave the site as it was', async () => {
    const photo = await cameraPhoto(800, 600);
    refused('cut.jpg', photo.subarray(0, photo.length / 2), /damaged or cut short and cannot be decoded \[image-unreadable\]/);
  });

  it('should refuse a .jpg that is really a web page', () => {
    refused('saved.jpg', '<!DOCTYPE html><html><head><title>Login</title></head><body>Please log in</body></html>', /is a web page \(HTML\), not a picture \[image-unreadable\]/);
  });

  it('should refuse a 0-byte file', () => {
    refused('empty.jpg', '', /is empty \(0 bytes\) \[image-unreadable\]/);
  });

  it('should refuse a decompression bomb from its header, before decoding it', () => {
    const bomb = claimedPng(20_000, 20_000);
    expect(bomb.length).toBeLessThan(200);
    refused('bomb.png', bomb, /20000 × 20000 pixels, over the limit of 100,000,000 pixels, and is not opened \[image-too-large\]/);
  });

  it('should serve an SVG with a script as a file, never drawn or put inline, with a warning', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><script>alert(1)</script><rect width="400" height="300"/></svg>';
    const dir = project({ 'map.svg': svg, '2026-11-24-map.md': story('map.svg') }, CONFIG);
    const { result, out } = buildSite(dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('content/map.svg: warning: the SVG has a script');
    expect(readFileSync(path.join(out, 'map.svg'), 'utf8')).toBe(svg);
    const page = readPage(out, '2026/11/24/a-story-with-a-bad-picture/index.html');
    expect(page.querySelector('.lead-image img')!.getAttribute('src')).toMatch(/map\.svg$/);
    expect(page.documentElement.outerHTML).not.toContain('alert(1)');
    // The social card is generated: the SVG is not drawn.
    expect(meta(page, 'og:image')[0]).toMatch(/\/card-[0-9a-f]{8}\.jpg$/);
    expect(listed(out).filter((file) => file.startsWith('images/map-'))).toEqual([]);
  });

  it('should copy a HEIC photo as it is, with a warning that it is not processed', () => {
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(64)]);
    const dir = project({ 'phone.heic': heic, '2026-11-24-phone.md': md({ title: 'From a phone', date: '2026-11-24' }) }, CONFIG);
    const { result, out } = buildSite(dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('content/phone.heic: warning: HEIC pictures are not processed');
    expect(readFileSync(path.join(out, 'phone.heic'))).toEqual(heic);
  });

  it('should copy pictures as they are when processing is off', async () => {
    const photo = await cameraPhoto(640, 480);
    const dir = project({ 'world/p.jpg': photo, 'world/2026-11-24-p.md': story('p.jpg') }, { ...CONFIG, images: false });
    const { result, out } = buildSite(dir);
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(out, 'world/p.jpg'))).toEqual(photo);
    expect(existsSync(path.join(out, 'images'))).toBe(false);
    const img = readPage(out, '2026/11/24/a-story-with-a-bad-picture/index.html').querySelector('.lead-image img')!;
    expect(img.getAttribute('src')).toMatch(/world\/p\.jpg$/);
  });
});

describe('the process that works the pictures', () => {
  const until = async (test: () => boolean, ms: number) => {
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 25))) if (test()) return true;
    return false;
  };

  it.skipIf(process.platform !== 'linux')('should start with two malloc arenas, and end with the build however the build ends', async () => {
    const photo = await cameraPhoto(3000, 2000, { seed: 5 });
    const files: Record<string, Buffer | string> = {};
    for (let i = 0; i < 8; i++) {
      files[`world/p${i}.jpg`] = photo;
      files[`world/2026-11-2${i}-p.md`] = md({ title: `Photo story ${i}`, date: `2026-11-2${i}T08:00:00Z`, image: { src: `p${i}.jpg`, alt: 'A photo' } });
    }
    const cwd = realpathSync(project(files, CONFIG));
    for (const signal of ['SIGINT', 'SIGKILL'] as const) {
      const build = startCli(['build', '--out', 'out', '--no-cache'], { cwd });
      const exited = new Promise<number | null>((resolve) => build.on('exit', (code) => resolve(code)));
      expect(await until(() => darkroomsIn(cwd).length > 0, 60_000), 'a darkroom process started').toBe(true);
      const [pid] = darkroomsIn(cwd);
      expect(readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0')).toContain('MALLOC_ARENA_MAX=2');
      build.kill(signal);
      const code = await exited;
      if (signal === 'SIGINT') expect(code).toBe(130);
      expect(await until(() => darkroomsIn(cwd).length === 0, 5_000), `no darkroom left after ${signal}`).toBe(true);
      expect(existsSync(path.join(cwd, 'out'))).toBe(false);
    }
    // Run to the end, the build leaves no process behind either.
    expect(buildSite(cwd).result.code).toBe(0);
    expect(darkroomsIn(cwd)).toEqual([]);
  }, 180_000);
});
