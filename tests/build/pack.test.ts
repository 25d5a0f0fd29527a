import { closeSync, truncateSync, writeSync, openSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BodyPack, CacheDamaged, openPack, readBody } from '../../src/build/cache.js';
import { tempDir } from '../helpers.js';

// The body pack never hands out words it did not store: a pack cut short or overwritten is a
// damaged cache (which the project layer repairs by building afresh), never a hang or a wrong page.

function packWith(bodies: string[]) {
  const pack = BodyPack.open(path.join(tempDir(), 'bodies.pack'), 0);
  const refs = bodies.map((body) => pack.append(body));
  pack.close();
  return { file: pack.file, refs };
}

describe('the body pack', () => {
  it('should give back each body as it was appended', () => {
    const { file, refs } = packWith(['<p>Inflation eased.</p>', '<p>Le taux a baissé — 2 %.</p>']);
    const fd = openPack(file);
    expect(refs.map((ref) => readBody(fd, ref))).toEqual(['<p>Inflation eased.</p>', '<p>Le taux a baissé — 2 %.</p>']);
    closeSync(fd);
  });

  it('should call a pack cut short damaged, not wait forever for the missing bytes', () => {
    const { file, refs } = packWith(['<p>First.</p>', '<p>Second, cut off by a full disk.</p>']);
    truncateSync(file, refs[1]![0] + 5);
    const fd = openPack(file);
    expect(() => readBody(fd, refs[1]!)).toThrow(CacheDamaged);
    closeSync(fd);
  });

  it("should call a body overwritten by another build damaged, not publish it", () => {
    const { file, refs } = packWith(['<p>according to the council</p>']);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from('<p>Even so'), 0, 10, 10);
    closeSync(fd);
    const reader = openPack(file);
    expect(() => readBody(reader, refs[0]!)).toThrow(/does not match its hash/);
    closeSync(reader);
  });
});
