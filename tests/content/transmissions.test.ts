import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimFile } from '../../src/content/formats/index.js';
import { anpa } from '../../src/content/formats/anpa.js';
import { versionOf } from '../../src/content/formats/agency/anpa-header.js';
import { iptc7901 } from '../../src/content/formats/iptc7901.js';
import { releaseOf } from '../../src/content/formats/agency/transmission.js';
import { messagesOf, parseArticle, ROOT } from '../helpers.js';

// Agency transmissions: ANPA-1312 (AP, CP) and IPTC 7901 (dpa, KNA, AFP), known by their control
// bytes whatever the file is called. The fixtures hold the bytes as agencies send them.

const fixture = (format: 'anpa' | '7901', name: string) => readFileSync(path.join(ROOT, 'tests/fixtures/agency', format, name));
const read = (format: 'anpa' | '7901', name: string, as = `wire/${name}`) => parseArticle(as, fixture(format, name));
const problems = (file: Parameters<typeof messagesOf>[0]) => messagesOf(file).filter((message) => / (error|warning):/.test(message));

const bytes = (text: string) => new TextEncoder().encode(text);

describe('recognising a transmission', () => {
  it('should claim ANPA and IPTC 7901 by their bytes, whatever the name, and each only its own', () => {
    expect(claimFile('story.txt', fixture('anpa', 'heat-hawks.txt'))).toMatchObject({ format: { id: 'anpa' }, by: 'sniff' });
    expect(claimFile('HEAT', fixture('anpa', 'heat-hawks-writethru'))).toMatchObject({ format: { id: 'anpa' }, by: 'sniff' });
    expect(claimFile('story.txt', fixture('7901', 'dpa-super-bowl.txt'))).toMatchObject({ format: { id: 'iptc7901' }, by: 'sniff' });
    expect(claimFile('AFP0203', fixture('7901', 'afp-telex'))).toMatchObject({ format: { id: 'iptc7901' }, by: 'sniff' });
  });

  it('should let no file be claimed by both formats', () => {
    for (const format of ['anpa', '7901'] as const) {
      for (const name of readdirSync(path.join(ROOT, 'tests/fixtures/agency', format)).filter((name) => !name.endsWith('.md'))) {
        const head = fixture(format, name).subarray(0, 64);
        expect([anpa.sniff!(head), iptc7901.sniff!(head)], `${format}/${name}`).toEqual([format === 'anpa', format === '7901']);
      }
    }
    // A teleprinter's ZCZC in front of an ANPA header leaves it ANPA's.
    const framed = Uint8Array.from([...bytes('ZCZC\r\n'), ...fixture('anpa', 'heat-hawks.txt')]);
    expect([anpa.sniff!(framed.subarray(0, 64)), iptc7901.sniff!(framed.subarray(0, 64))]).toEqual([true, false]);
    expect(parseArticle('wire/framed', framed).article?.headline).toBe('Deng scores 30 as short-handed Heat beat Hawks 115-111');
  });

  it('should leave plain wire text, and other control bytes, to the extension', () => {
    expect(claimFile('story.txt', bytes('Quake hits coast\nKOCHI - A quake shook the coast.\n'))).toMatchObject({ format: { id: 'txt' }, by: 'extension' });
    expect(claimFile('flash.txt', bytes('\u0016\u0016\u00012026-11-20 WORLD\n\u0002Quake\u0003'))).toMatchObject({ format: { id: 'txt' }, by: 'extension' });
    expect(claimFile('README', bytes('Headline\nBody'))).toBeNull();
  });
});

describe('an ANPA-1312 story', () => {
  it('should take the headline, byline, dateline, body and trailer time of a plain story', () => {
    const { article, articles, file } = read('anpa', 'heat-hawks.txt');
    expect(problems(file)).toEqual([]);
    expect(articles).toHaveLength(1);
    expect(article).toMatchObject({
      format: 'anpa',
      headline: 'Deng scores 30 as short-handed Heat beat Hawks 115-111',
      authors: [{ name: 'Charles Odum', url: null }],
      dateline: 'ATLANTA (AP)',
      attribution: { name: 'AP', url: null },
      slugline: 'BC-BKN--Heat-Hawks',
      id: 'anpa:bkn--heat-hawks',
      version: 1,
      status: 'usable',
      urgency: 5,
      extra: { category: 's' },
    });
    // AP-NY-11-20-26 1530EST: the trailer names the year, and the zone.
    expect(article!.published?.toISOString()).toBe('2026-11-20T20:30:00.000Z');
    expect(article!.updated).toBeNull();
  });

  it('should set paragraphs as print does and keep the desk marks out of the body', () => {
    const { article } = read('anpa', 'heat-hawks.txt');
    expect(article!.bodyHtml).toBe(
      [
        '<p><span class="dateline">ATLANTA (AP)</span> — Luol Deng scored 30 points and the Miami Heat, playing without Dwyane Wade and Chris Bosh, beat the Atlanta Hawks 115-111 on Friday night.</p>',
        '<p>“I gave it a couple days,” Wade said of his sore knee.</p>',
        '<p>UP NEXT</p>',
        '<p>Heat: Host Washington on Saturday night.</p>',
      ].join('\n'),
    );
    for (const mark of ['(MORE)', 'AP-NY', '___', 'GATK105', 'AP Sports Writer', 'BC-BKN']) expect(article!.bodyText).not.toContain(mark);
  });

  it('should never put an editor’s note in any field', () => {
    for (const name of ['heat-hawks.txt', 'heat-hawks-writethru', 'heat-hawks-kill.txt']) {
      const { articles } = read('anpa', name);
      expect(articles).toHaveLength(1);
      expect(JSON.stringify(articles)).not.toMatch(/ANPA-EDNOTE-MARKER|Eds:|Moves on sports lines|Wade's MRI\. /);
    }
  });

  it('should make one item of a slug’s versions, ordered by lead and writethru', () => {
    const first = read('anpa', 'heat-hawks.txt').article!;
    const writethru = read('anpa', 'heat-hawks-writethru').article!;
    const secondLead = read('anpa', 'heat-hawks-2ndld.txt').article!;
    expect(new Set([first.id, writethru.id, secondLead.id])).toEqual(new Set(['anpa:bkn--heat-hawks']));
    expect(first.version!).toBeLessThan(writethru.version!);
    expect(writethru.version!).toBeLessThan(secondLead.version!);
    expect(writethru).toMatchObject({ headline: 'Deng, McRoberts lead Heat past Hawks 115-111', urgency: 3, copyright: 'Copyright 2026 The Associated Press. All rights reserved.' });
    expect(writethru.bodyText).not.toContain('Copyright');
    // The trailer after ETX dates a later version, and says when it was updated.
    expect(writethru.published?.toISOString()).toBe('2026-11-20T22:45:00.000Z');
    expect(writethru.updated?.toISOString()).toBe('2026-11-20T22:45:00.000Z');
  });

  it('should order versions: a writethru after its lead, a later lead after the writethru before it', () => {
    const order = ['', 'Writethru', '2nd Writethru', '1stLd', '1stLd-Writethru', '1st Ld-2nd Writethru', '2ndLd', '2ndLd-Writethru', '12thLd-Writethru'];
    const versions = order.map((field) => versionOf(field).version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(order.length);
    expect(versionOf('1stAdd').version).toBeGreaterThan(versionOf('').version);
  });

  it('should cancel a killed slug and hold a withheld one', () => {
    const kill = read('anpa', 'heat-hawks-kill.txt');
    expect(problems(kill.file)).toEqual([]);
    expect(kill.article).toMatchObject({ id: 'anpa:bkn--heat-hawks', status: 'canceled', urgency: 2 });
    expect(kill.article!.version!).toBeGreaterThan(read('anpa', 'heat-hawks-2ndld.txt').article!.version!);
    const hold = read('anpa', 'storm-withhold.txt');
    expect(hold.article).toMatchObject({ id: 'anpa:us--storm-warning', status: 'withheld', headline: 'Storm warning story is withheld' });
    expect(versionOf('Elimination').status).toBe('canceled');
    expect(versionOf('Withdraw').status).toBe('withheld');
  });

  it('should hold an advance back until the release time its editor’s note gives, and publish nothing else of the note', () => {
    const { article, articles, file } = read('anpa', 'advance-sunday.txt');
    expect(problems(file)).toEqual([]);
    expect(article).toMatchObject({ headline: 'Pension funds bet on infrastructure as bond yields fall', urgency: 7, authors: [{ name: 'Ann Roe' }] });
    // 12:01 a.m. EST on Sunday, Nov. 22: held back until then, as a story dated later is.
    expect(article!.published?.toISOString()).toBe('2026-11-22T05:01:00.000Z');
    expect(JSON.stringify(articles)).not.toMatch(/ANPA-EDNOTE-MARKER|Will not be repeated|For release/);
  });

  it('should make three articles of a file of three transmissions, in file order', () => {
    const { articles, file } = read('anpa', 'three-stories.txt');
    expect(problems(file)).toEqual([]);
    expect(articles.map((article) => [article.story, article.headline, article.id])).toEqual([
      [0, 'Bridge closes for repairs after inspectors find cracks', 'anpa:us--bridge-closure'],
      [1, 'Winter League Standings', 'anpa:bbo--standings'],
      // An alert sent with no headline is headlined by its first sentence.
      [2, 'Firefighters are battling a blaze at an auto parts plant', 'anpa:us--plant-fire'],
    ]);
    expect(articles[0]).toMatchObject({ authors: [{ name: 'Jane Roe' }, { name: "Sam O'Neil" }], attribution: { name: 'Associated Press' } });
    // A table's lines are its rows: none is joined to the one before.
    expect(articles[1]!.bodyHtml).toBe('<p>NORTH DIVISION</p>\n<p>Harbor;10;2;.833</p>\n<p>Valley;7;5;.583</p>');
    expect(articles[2]).toMatchObject({ urgency: 1 });
  });

  it('should read Canadian Press copy: HL: headline, wrapped lines, day-month dates in Eastern time', () => {
    const { article, file } = read('anpa', 'cp-markets.txt');
    expect(problems(file)).toEqual([]);
    expect(article).toMatchObject({
      headline: 'Stock markets advance as Bank of Japan seeks to fire up economy',
      authors: [{ name: 'Malcolm Morrison' }],
      attribution: { name: 'The Canadian Press' },
      slugline: 'Dollar-Markets',
      id: 'anpa:dollar-markets',
    });
    expect(article!.bodyHtml).toContain('TORONTO</span> — The Toronto stock market ran ahead sharply Friday on relief that another major central bank');
    expect(article!.bodyText).not.toMatch(/INDEX|ADDS details/);
    // 16:35ET 31-10-26: Eastern daylight time on October 31.
    expect(article!.published?.toISOString()).toBe('2026-10-31T20:35:00.000Z');
  });

  it('should read Windows-1252 bytes as their characters, without a warning', () => {
    const { article, file } = read('anpa', 'windows-1252.txt');
    expect(messagesOf(file)).toEqual([]);
    expect(article!.headline).toBe('Montréal café owners brace for €2 coffee');
    expect(article!.bodyText).toBe('MONTRÉAL (AP) — “Prices will rise,” said Zoë Côté, who runs a café.');
  });

  it('should report a transmission cut off before ETX where it breaks off, and make nothing of the file', () => {
    const { articles, file } = read('anpa', 'truncated.txt');
    expect(articles).toEqual([]);
    expect(messagesOf(file)).toEqual(['6:33 malformed-file error: transmission 1 is cut off: the text begun at line 3 has no end of text (ETX)']);
  });

  it('should leave a story undated when no trailer names the year', () => {
    const noTrailer = new TextDecoder('latin1').decode(fixture('anpa', 'heat-hawks.txt')).replace(/\n\t {3}AP-NY-[^<]*</, '');
    const { article, file } = parseArticle('wire/heat', Uint8Array.from(noTrailer, (char) => char.charCodeAt(0)));
    expect(article!.published).toBeNull();
    expect(messagesOf(file)).toContainEqual(expect.stringContaining('missing-date info: article has no date'));
  });
});

describe('markup in a transmission', () => {
  it('should stay text: a script or a javascript: link is shown as written, never run', () => {
    const hostile = '<script>alert(1)</script> and <a href="javascript:alert(2)" onclick="x()">a link</a> here';
    const anpaCopy = `\u0016\u0016\u0001a0999\u001f-----\nr a\u0013\u0011 BC-US--Hostile        11-20 0010\n\u0002^BC-US--Hostile<\n^Headline <b>bold</b><\n\t   ${hostile}<\n\u0003\u0004`;
    const telex = `\u0001dpa0999 4 pl 10  dpa\nHostile/\n\u0002Headline <b>bold</b> =\n   ${hostile}\n\u0003\n201000 Nov 26\n\u0004`;
    for (const text of [anpaCopy, telex]) {
      const { article, file } = parseArticle('wire/hostile.txt', bytes(text));
      expect(problems(file)).toEqual([]);
      expect(article!.headline).toBe('Headline <b>bold</b>');
      expect(article!.bodyHtml).toBe(`<p>&lt;script&gt;alert(1)&lt;/script&gt; and &lt;a href=&quot;javascript:alert(2)&quot; onclick=&quot;x()&quot;&gt;a link&lt;/a&gt; here</p>`);
    }
  });
});

describe('a release time', () => {
  it('should read the ways agencies write one, and none where no day is named', () => {
    const november = { year: 2026, month: 11 };
    expect(releaseOf('Eds: For release 6 p.m. ET Nov. 22', november)).toEqual({ year: 2026, month: 11, day: 22, hour: 18, minute: 0, zone: 'ET' });
    expect(releaseOf('EMBARGOED until 0001 GMT Nov 22, 2026', null)).toEqual({ year: 2026, month: 11, day: 22, hour: 0, minute: 1, zone: 'GMT' });
    expect(releaseOf('Embargo: 2026-11-22T09:30', null)).toEqual({ year: 2026, month: 11, day: 22, hour: 9, minute: 30, zone: null });
    expect(releaseOf('Sperrfrist: Sonntag, 22. November, 10.00 Uhr MEZ', november)).toEqual({ year: 2026, month: 11, day: 22, hour: 10, minute: 0, zone: 'MEZ' });
    // Early January, sent in late December: next year's.
    expect(releaseOf('For release Jan. 2 at noon EST', { year: 2026, month: 12 })).toMatchObject({ year: 2027, month: 1, day: 2, hour: 12 });
    expect(releaseOf('Eds: Advance for use Sunday', november)).toBeNull();
    expect(releaseOf('Updates with final score', november)).toBeNull();
  });
});

describe('an IPTC 7901 message', () => {
  it('should take the keyword, heading, byline, paragraphs and time stamp of a plain message', () => {
    const { article, articles, file } = read('7901', 'dpa-super-bowl.txt');
    expect(problems(file)).toEqual([]);
    expect(articles).toHaveLength(1);
    expect(article).toMatchObject({
      format: 'iptc7901',
      headline: "Chiefs-Rams 2.0? Would be a fun Super Bowl, but don't count on it",
      authors: [{ name: 'Tom Krasovic', url: null }],
      attribution: { name: 'The San Diego Union-Tribune', url: null },
      slugline: 'American Football/NFL',
      status: 'usable',
      urgency: 5,
      copyright: '(c)2026 The San Diego Union-Tribune',
      extra: { category: 's' },
    });
    expect(article!.version).toBeNull();
    expect(article!.published?.toISOString()).toBe('2026-11-21T12:59:00.000Z');
    expect(article!.bodyHtml).toBe(
      [
        "<p><span class=\"dateline\">San Diego (tca/dpa)</span> - History says this wasn&#39;t a Super Bowl preview that played out Monday night in the old Los Angeles Memorial Coliseum.</p>",
        '<p>Here&#39;s hoping the history is wrong.</p>',
        '<p>&quot;What a great football game tonight,&quot; Rams coach Sean McVay said.</p>',
      ].join('\n'),
    );
  });

  it('should never publish what follows “not for publication”', () => {
    const { articles } = read('7901', 'dpa-super-bowl.txt');
    expect(JSON.stringify(articles)).not.toMatch(/7901-EDNOTE-MARKER|Bagratuni|not intended for publication|285231472|tca bag/);
  });

  it('should never publish dpa\'s notebook: refile notes, notes to editors, links and contacts after the story', () => {
    const text = new TextDecoder().decode(fixture('7901', 'dpa-super-bowl.txt')).replace(
      'The following information is not intended for publication',
      '# Notebook\n\n## Refile\n\n## Note to editors\n- NOTEBOOK-MARKER adds coach quotes in grafs 3-4\n\n## Internet links\n- [Rams](http://dpaq.de/x)\n\n* * * *\nThe following information is not intended for publication',
    );
    const { article, file } = parseArticle('wire/dpa.txt', bytes(text));
    expect(problems(file)).toEqual([]);
    expect(article!.bodyHtml).toContain('Sean McVay said.');
    expect(JSON.stringify(article)).not.toMatch(/NOTEBOOK-MARKER|Notebook|Refile|dpaq\.de|\* \* \*/);
  });

  it('should make three articles of three messages, each with its own priority and date', () => {
    const { articles, file } = read('7901', 'kna-three.txt');
    expect(problems(file)).toEqual([]);
    expect(articles.map((article) => [article.headline, article.slugline, article.urgency, article.published?.toISOString()])).toEqual([
      ['Kinderkommission: Bund muss für Jugendhilfe zuständig bleiben', 'Bundestag/Kinder', 5, '2026-11-20T12:30:00.000Z'],
      ['Papst ernennt neuen Erzbischof von Köln', 'Vatikan/Papst', 1, '2026-11-20T13:05:00.000Z'],
      ['Museum zeigt Werke aus dem Mittelalter', 'Kultur/Museum', 6, '2026-11-20T13:40:00.000Z'],
    ]);
    // Lines wrap inside a paragraph; three spaces open the next. The sign-off is the desk's.
    expect(articles[0]!.bodyHtml).toBe(
      '<p>Berlin (KNA) Die Bundestags-Kinderkommission hat sich gegen Überlegungen gewandt, die Zuständigkeit für die Jugendhilfe an die Länder abzugeben.</p>\n<p>Der Bund trage Verantwortung für gleichwertige Lebensverhältnisse.</p>',
    );
    expect(articles.map((article) => article.attribution?.name)).toEqual(['KNA', 'KNA', 'KNA']);
  });

  it('should read a teleprinter copy framed by ZCZC and NNNN, with no extension', () => {
    const { article, file } = read('7901', 'afp-telex', 'world/AFP0203');
    expect(problems(file)).toEqual([]);
    expect(article).toMatchObject({
      headline: 'Ministers agree draft text at climate summit',
      dateline: 'BELEM, Brazil, Nov 20 (AFP)',
      slugline: 'Climate/Summit',
      urgency: 3,
      section: 'World',
    });
    expect(article!.bodyText).toBe('BELEM, Brazil, Nov 20 (AFP) - Ministers agreed a draft text on Thursday after talks ran through the night. The text goes to a vote on Friday.');
    expect(article!.published?.toISOString()).toBe('2026-11-20T17:45:00.000Z');
  });

  it('should read Windows-1252 bytes as their characters', () => {
    const { article, file } = read('7901', 'windows-1252.txt');
    expect(messagesOf(file)).toEqual([]);
    expect(article!.headline).toBe('Strompreise: Verbraucher zahlen „mehr als je zuvor“');
    expect(article!.bodyText).toBe('Hamburg (dpa) - Verbraucher in Süddeutschland zahlen mehr – so viel wie nie zuvor, berichtet das Vergleichsportal.');
  });

  it('should hold a message back until its Sperrfrist or embargo', () => {
    const sperrfrist = read('7901', 'sperrfrist.txt');
    expect(problems(sperrfrist.file)).toEqual([]);
    expect(sperrfrist.article!.headline).toBe('Rentenkasse legt mehr Geld in Infrastruktur an');
    expect(sperrfrist.article!.bodyText).not.toContain('Sperrfrist');
    // No zone given: the site's (UTC in these tests).
    expect(sperrfrist.article!.published?.toISOString()).toBe('2026-11-22T10:00:00.000Z');
    // An embargo in the desk's note: its time counts, its words never reach a field; the year is the message's.
    const embargoed = read('7901', 'embargoed.txt');
    expect(embargoed.article!.published?.toISOString()).toBe('2026-11-22T00:01:00.000Z');
    expect(JSON.stringify(embargoed.articles)).not.toMatch(/7901-EDNOTE-MARKER|Embargoed until/);
  });

  it('should keep a kill notice off the site', () => {
    const { article } = read('7901', 'kill.txt');
    expect(article).toMatchObject({ status: 'canceled', urgency: 2 });
  });

  it('should report a message cut off before ETX where it breaks off', () => {
    const { articles, file } = read('7901', 'truncated.txt');
    expect(articles).toEqual([]);
    expect(messagesOf(file)).toEqual(['5:57 malformed-file error: transmission 1 is cut off: the text begun at line 3 has no end of text (ETX)']);
  });

  it('should report a message with neither heading nor text', () => {
    const { articles, file } = parseArticle('wire/empty', bytes('\u0001dpa0001 4 pl 0  dpa\nLeer/\n\u0002\n\n\u0003\n201000 Nov 26\n\u0004'));
    expect(articles).toEqual([]);
    expect(messagesOf(file)).toEqual(['3:2 no-headline error: message has neither a heading nor any text']);
  });
});

describe('an ANPA digest', () => {
  it('should take the headline after the selector code, and its list of headlines as the story', () => {
    const { article, file } = read('anpa', 'top-headlines.txt');
    expect(problems(file)).toEqual([]);
    expect(article).toMatchObject({ headline: 'AP Top Entertainment News at 11:23 p.m. EST', dek: null });
    expect(article!.bodyHtml).toBe(
      ['<p>Ex-bodyguard testifies about lewd messages sent to Paltrow</p>', '<p>Stage version of &#39;Frozen&#39; to be directed by Broadway veteran</p>', '<p>Cosby&#39;s ex-lawyer dismissed from lawsuit</p>'].join('\n'),
    );
  });
});
