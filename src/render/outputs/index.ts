import type { Output } from '../output.js';
import { archives } from './archives.js';
import { articlePages } from './articles.js';
import { assets } from './assets.js';
import { feeds } from './feeds.js';
import { images } from './images.js';
import { lists } from './lists.js';
import { notFound } from './not-found.js';
import { redirects } from './redirects.js';
import { searchIndex } from './search-index.js';
import { searchPage } from './search-page.js';
import { sitemaps } from './sitemaps.js';

/**
 * Every output, in the order they are planned. Order matters twice: the sitemap lists the pages
 * of the outputs before it, and when two outputs claim one path the later one is reported.
 */
export const OUTPUTS: readonly Output[] = [articlePages, lists, archives, notFound, redirects, searchPage, feeds, sitemaps, searchIndex, images, assets];
