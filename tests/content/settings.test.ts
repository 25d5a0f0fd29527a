import { describe, expect, it } from 'vitest';
import { parsingSettings } from '../../src/content/settings.js';
import { config } from '../helpers.js';

describe('what parsing reads of the config', () => {
  const base = parsingSettings(config());

  it('should not change with the title, the navigation or the link style', () => {
    expect(parsingSettings(config({ title: 'The Evening Post', navigation: ['World'], relativeLinks: true, perPage: 5 }))).toEqual(base);
  });

  it('should change with the time zone, the language and the permalink', () => {
    expect(parsingSettings(config({ timeZone: 'Asia/Kolkata' }))).not.toEqual(base);
    expect(parsingSettings(config({ language: 'hi' }))).not.toEqual(base);
    expect(parsingSettings(config({ permalink: '/:section/:slug/' }))).not.toEqual(base);
  });

  it('should keep an author profile\'s link, which bylines use, and not the bio', () => {
    const profile = { bio: 'Covers courts.', url: 'https://example.org/jane', image: null, twitter: null };
    const withBio = parsingSettings(config({ authors: { 'Jane Roe': profile } }));
    expect(withBio.authors).toEqual({ 'Jane Roe': { url: 'https://example.org/jane' } });
    expect(parsingSettings(config({ authors: { 'Jane Roe': { ...profile, bio: 'Covers politics.' } } }))).toEqual(withBio);
  });
});
