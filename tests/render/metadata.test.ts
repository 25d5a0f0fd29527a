import { describe, expect, it } from 'vitest';
import { articleMetadata } from '../../src/render/metadata.js';
import type { SiteConfig } from '../../src/types.js';
import { buildInProcess, config, md, parseArticle, parseHtml, project, wire } from '../helpers.js';

// What an article page tells search engines and social cards about itself, from the Article alone.

const SITE: SiteConfig = config({
  title: 'The Test Times',
  baseUrl: 'https://news.example/',
  publisher: { name: 'Test Times Media', url: 'https://media.example/', logo: null },
});

function metadataOf(sourcePath: string, text: string) {
  const { article } = parseArticle(sourcePath, text, { config: SITE });
  return articleMetadata(article!, SITE, null);
}

const newsArticle = (metadata: ReturnType<typeof articleMetadata>) => metadata.jsonLd[0] as Record<string, unknown>;
const metaContent = (metadata: ReturnType<typeof articleMetadata>, key: string) =>
  metadata.meta.filter((tag) => tag.key === key).map((tag) => tag.content);

describe('the author in an article page’s JSON-LD', () => {
  it('should name each person in the byline', () => {
    const metadata = metadataOf('tram.txt', wire('Tram line opens', ['The first tram left at six.'], { byline: 'Anjali Menon', source: 'PTI' }));
    expect(newsArticle(metadata).author).toEqual([{ '@type': 'Person', name: 'Anjali Menon' }]);
  });

  it('should name the agency of a story with no byline as an organisation, with its link', () => {
    const metadata = metadataOf('tram.txt', wire('Tram line opens', ['The first tram left at six.'], { source: 'First Post https://firstpost.example/' }));
    expect(newsArticle(metadata).author).toEqual([{ '@type': 'Organization', name: 'First Post', url: 'https://firstpost.example/' }]);
  });

  it('should name the publisher when a story has neither byline nor source', () => {
    const metadata = metadataOf('tram.md', md({ title: 'Tram line opens' }, 'The first tram left at six.'));
    expect(newsArticle(metadata).author).toEqual([{ '@type': 'Organization', name: 'Test Times Media', url: 'https://media.example/' }]);
  });
});

describe('the image on an article page’s social cards', () => {
  it('should give Twitter the image’s alt text as well as Open Graph', () => {
    const metadata = metadataOf('tram.md', md({ title: 'Tram line opens', image: { src: 'https://cdn.example/tram.jpg', alt: 'A tram at the depot' } }));
    expect(metaContent(metadata, 'twitter:image')).toEqual(['https://cdn.example/tram.jpg']);
    expect(metaContent(metadata, 'twitter:image:alt')).toEqual(['A tram at the depot']);
    expect(metaContent(metadata, 'og:image:alt')).toEqual(['A tram at the depot']);
  });

  it('should give no alt tags for an image without alt text, rather than an empty one', () => {
    const metadata = metadataOf('tram.md', md({ title: 'Tram line opens', image: 'https://cdn.example/tram.jpg' }));
    expect(metaContent(metadata, 'twitter:image')).toEqual(['https://cdn.example/tram.jpg']);
    expect(metaContent(metadata, 'twitter:image:alt')).toEqual([]);
    expect(metaContent(metadata, 'og:image:alt')).toEqual([]);
  });
});

describe('an article page’s JSON-LD in its head', () => {
  it('should keep a source named `</script>` inside the script, and read back as written', async () => {
    const source = '</script><script>alert(1)</script> Wire & Co';
    const { files } = await buildInProcess(project({ 'tram.txt': wire('Tram line opens', ['The first tram left at six.'], { source }) }, { baseUrl: 'https://news.example/' }));
    const html = new TextDecoder().decode(files.get('tram-line-opens/index.html')!);
    const document = parseHtml(html);
    expect(document.querySelectorAll('script:not([type="application/ld+json"])')).toHaveLength(0);
    const [article] = [...document.querySelectorAll('script[type="application/ld+json"]')].map((script) => JSON.parse(script.textContent!));
    expect(article.author).toEqual([{ '@type': 'Organization', name: source }]);
  });
});
