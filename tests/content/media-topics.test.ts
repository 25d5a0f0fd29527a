import { describe, expect, it } from 'vitest';
import { MEDIA_TOPIC_NAMES } from '../../src/content/formats/agency/media-topics-data.js';
import { subjectTag } from '../../src/content/formats/agency/media-topics.js';

const tag = (code: string) => subjectTag({ code });

describe('IPTC Media Topics: a code becomes its name', () => {
  it('should name the 17 top-level topics as IPTC writes them', () => {
    expect(tag('01000000')).toBe('Arts, culture, entertainment and media');
    expect(tag('04000000')).toBe('Economy, business and finance');
    expect(tag('11000000')).toBe('Politics');
    expect(tag('12000000')).toBe('Religion');
    expect(tag('15000000')).toBe('Sport');
    expect(tag('16000000')).toBe('Conflict, war and peace');
    expect(tag('17000000')).toBe('Weather');
    const topLevel = Array.from({ length: 17 }, (_, index) => `${String(index + 1).padStart(2, '0')}000000`);
    expect(topLevel.filter((code) => !MEDIA_TOPIC_NAMES[code])).toEqual([]);
  });

  it('should name topics at every level below, down to the sixth', () => {
    expect(tag('20000002')).toBe('Arts and entertainment'); // 2: arts, culture, entertainment and media
    expect(tag('20000822')).toBe('Competition discipline'); // 2: sport
    expect(tag('20001065')).toBe('Soccer'); // 3: sport > competition discipline
    expect(tag('20000851')).toBe('Basketball'); // 3: sport > competition discipline
    expect(tag('20000008')).toBe('Ballet'); // 4: … > arts and entertainment > dance
    expect(tag('20000059')).toBe('Peacekeeping force'); // 4: … > armed conflict > international military intervention
    expect(tag('20000022')).toBe('Classical music'); // 5: … > music > musical genre
    expect(tag('20000135')).toBe('Capital punishment'); // 6: … > judiciary > court > trial > sentencing
  });

  it('should keep the rest of the name as IPTC writes it', () => {
    expect(tag('20000452')).toBe('HIV and AIDS');
    expect(tag('20001161')).toBe('Internet of Things');
    expect(tag('20000707')).toBe("Qur'an");
    expect(tag('20000070')).toBe("Coup d'etat");
    // A first word with a capital of its own keeps it.
    expect(tag('20001183')).toBe('eSports');
  });

  it('should name retired topics, which still arrive in archives', () => {
    expect(tag('20000030')).toBe('Music theatre'); // retired 2021-09-30
    expect(tag('20000857')).toBe('Bantamweight (boxing)'); // retired 2015-02-24
    expect(tag('20001138')).toBe('Buy recommendation'); // retired 2023-03-31, sixth level
  });

  it('should read a code written as a qcode, a URI or the bare digits', () => {
    const spellings = [
      'medtop:20000002',
      'MEDTOP:20000002',
      'http://cv.iptc.org/newscodes/mediatopic/20000002',
      'https://cv.iptc.org/newscodes/mediatopic/20000002',
      '20000002',
      '  medtop:20000002 ',
    ];
    expect(spellings.map(tag)).toEqual(spellings.map(() => 'Arts and entertainment'));
  });

  it('should give no tag for a code the vocabulary does not have, or that is not a Media Topic code', () => {
    expect(tag('medtop:99999999')).toBeNull();
    expect(tag('20009999')).toBeNull();
    // 15054000 is soccer in IPTC's older Subject Codes; as a Media Topic code it means nothing.
    expect(tag('15054000')).toBeNull();
    expect(tag('subj:15054000')).toBeNull();
    expect(tag('medtop:2000002')).toBeNull();
    expect(tag('http://cv.iptc.org/newscodes/subjectcode/15054000')).toBeNull();
    expect(subjectTag({})).toBeNull();
    expect(subjectTag({ code: null, name: '  ' })).toBeNull();
  });

  it('should let a name the agency gave win over the code', () => {
    expect(subjectTag({ code: 'medtop:20001065', name: 'football' })).toBe('Football');
    expect(subjectTag({ code: 'medtop:99999999', name: 'Local derby' })).toBe('Local derby');
    expect(subjectTag({ code: 'medtop:20001065', name: '   ' })).toBe('Soccer');
    expect(subjectTag({ name: 'Elections' })).toBe('Elections');
  });
});

describe('IPTC Media Topics: the table', () => {
  const entries = Object.entries(MEDIA_TOPIC_NAMES);

  it('should hold the whole vocabulary, retired topics with it', () => {
    expect(entries.length).toBeGreaterThan(1300);
  });

  it('should key eight-digit codes to names without stray space', () => {
    expect(entries.filter(([code]) => !/^\d{8}$/.test(code))).toEqual([]);
    expect(entries.filter(([, name]) => !name || name !== name.trim() || /\s{2}/.test(name))).toEqual([]);
  });
});
