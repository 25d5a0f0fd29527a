import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VFile } from 'vfile';
import { findContent } from '../../src/project/scan.js';
import { decode, readArticle } from '../../src/content/read.js';
import { sourceOf } from '../../src/project/sources.js';
import { messagesOf, tempDir, writeFiles } from '../helpers.js';

function decoded(bytes: number[] | Uint8Array): { text: string; messages: string[] } {
  const file = new VFile({ path: 'story.txt' });
  const text = decode(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes), file);
  return { text, messages: messagesOf(file) };
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decoding article bytes', () => {
  it('should drop a UTF-8 byte-order mark', () => {
    expect(decoded([0xef, 0xbb, 0xbf, ...utf8('Headline\nBody')])).toEqual({ text: 'Headline\nBody', messages: [] });
  });

  it('should turn CRLF and lone CR into LF', () => {
    expect(decoded(utf8('One\r\nTwo\rThree\n')).text).toBe('One\nTwo\nThree\n');
  });

  it('should read a file that is not UTF-8 as Windows-1252, with a warning at the first bad byte', () => {
    // “Smart quotes” and an en dash as Word saves them in Windows-1252.
    const bytes = [...utf8('Headline\nThe '), 0x93, ...utf8('quote'), 0x94, 0x20, 0x96, ...utf8(' caf'), 0xe9];
    const { text, messages } = decoded(bytes);
    expect(text).toBe('Headline\nThe “quote” – café');
    expect(messages).toEqual([
      '2:5 windows-1252 warning: file is not valid UTF-8; read it as Windows-1252',
    ]);
  });

  it('should drop a UTF-8 mark in front of a file that turns out to be Windows-1252', () => {
    const { text, messages } = decoded([0xef, 0xbb, 0xbf, ...utf8('Headline\nCaf'), 0xe9]);
    expect(text).toBe('Headline\nCafé');
    expect(messages).toEqual(['2:4 windows-1252 warning: file is not valid UTF-8; read it as Windows-1252']);
  });

  it('should read UTF-16 with a byte-order mark', () => {
    const le = Buffer.from('\ufeffHeadline\r\nBody', 'utf16le');
    expect(decoded(le).text).toBe('Headline\nBody');
  });

  it('should reject a file with NUL bytes as binary', () => {
    const { text, messages } = decoded([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);
    expect(text).toBe('');
    expect(messages).toEqual([
      '3:1 binary-file error: file is binary, not text (it holds NUL or control characters)',
    ]);
  });

  it('should reject other control characters as binary, with their place', () => {
    expect(decoded(utf8('Headline\nBody \u0007 bell')).messages).toEqual([
      '2:6 binary-file error: file is binary, not text (it holds NUL or control characters)',
    ]);
  });

  it('should keep tabs', () => {
    expect(decoded(utf8('Headline\n\tIndented')).text).toBe('Headline\n\tIndented');
  });

  it('should reject bytes that are neither UTF-8 nor Windows-1252', () => {
    expect(decoded([...utf8('Headline\nBad '), 0x81, 0x8d]).messages).toEqual([
      '2:5 undecodable-text error: file is neither UTF-8 nor Windows-1252 text',
    ]);
  });
});

describe('finding content', () => {
  it('should find .txt and .md articles at any depth, in name order, and copy other files as assets', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'b.md': '---\ntitle: B\n---\n',
      'a.txt': 'A',
      'world/2026/c.TXT': 'C',
      'world/photo.jpg': 'jpeg',
      '_drafts/x.md': 'ignored',
      '.hidden.txt': 'ignored',
      'world/.DS_Store': 'ignored',
    });
    const tree = await findContent(dir, dir);
    expect(tree.articles.map((ref) => ref.sourcePath)).toEqual(['a.txt', 'b.md', 'world/2026/c.TXT']);
    expect(tree.assets.map((ref) => ref.sourcePath)).toEqual(['world/photo.jpg']);
    expect(tree.problems).toEqual([]);
  });

  it('should refuse a symlink that points outside the content folder, and never read it', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.txt': 'A' });
    symlinkSync('/etc/passwd', path.join(dir, 'passwd.txt'));
    symlinkSync('/etc', path.join(dir, 'etc'));
    const tree = await findContent(dir, dir);
    expect(tree.articles.map((ref) => ref.sourcePath)).toEqual(['a.txt']);
    expect(tree.assets).toEqual([]);
    expect(tree.problems.map((file) => `${file.path} ${messagesOf(file).join()}`)).toEqual([
      'etc -:- symlink-outside warning: symbolic link points outside the content folder; it is not read',
      'passwd.txt -:- symlink-outside warning: symbolic link points outside the content folder; it is not read',
    ]);
  });

  it('should say which folder is missing, in one line', async () => {
    await expect(findContent('nope', tempDir())).rejects.toThrow('content folder not found: nope');
  });

  it('should refuse a file over the size limit without reading it', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'huge.txt': Buffer.alloc(5 * 1024 * 1024 + 1, 0x61) });
    const [ref] = (await findContent(dir, dir)).articles;
    const { file } = readArticle(ref!, sourceOf(ref!));
    expect(messagesOf(file)).toEqual(['-:- file-too-large error: file is 5.0 MB; articles are limited to 5 MB']);
  });
});
