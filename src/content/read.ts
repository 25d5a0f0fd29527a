import { createHash } from 'node:crypto';
import { VFile } from 'vfile';
import { report, placeOfOffset } from '../messages/diagnostics.js';
import { claimFile, type Claim } from './formats/index.js';
import { decodeWindows1252 } from './windows-1252.js';
import type { Source } from '../project/sources.js';
import type { SourceRef } from '../project/scan.js';

// Reads one article file and decodes it into text every later stage can trust: UTF-8 (BOM
// dropped), UTF-16 with a BOM, or Windows-1252 with a warning; line endings made LF; binary
// files, undecodable text and files over the size limit refused with a positioned message.
// A format that claims the file by its first bytes gets the bytes as they are instead.

/** Articles bigger than this are refused rather than risking a hang on a pasted database dump. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

export interface ReadArticle {
  file: VFile;
  /** Hash of the file's bytes: the cache's key for what the file says. */
  contentHash: string;
  /** The format that reads the file; null when it was refused unread (too large). */
  claim: Claim | null;
  /** A live story's updates, each read as its own file. */
  parts?: ReadArticle[];
}

/** Reads one article file into a VFile whose value is clean text, or which carries the error. */
export function readArticle(ref: SourceRef, source: Source): ReadArticle {
  if (ref.parts && source.files) {
    const { parts, ...index } = ref;
    const [indexSource, ...partSources] = source.files;
    return {
      ...readArticle(index, indexSource!),
      contentHash: createHash('sha1').update(source.bytes()).digest('hex'),
      parts: parts.map((part, i) => readArticle(part, partSources[i]!)),
    };
  }
  const file = new VFile({ path: ref.displayPath, data: { sourcePath: ref.sourcePath } });
  const { size } = source;
  if (size > MAX_ARTICLE_BYTES) {
    report(file, `file is ${(size / 1024 / 1024).toFixed(1)} MB; articles are limited to 5 MB`, {
      ruleId: 'file-too-large',
      hint: 'split the article, or move the data it carries into an asset file',
    });
    file.value = '';
    return { file, contentHash: `too-large:${size}`, claim: null };
  }
  const bytes = source.bytes();
  const claim = claimFile(ref.sourcePath, bytes);
  file.value = claim?.by === 'sniff' ? bytes : decode(bytes, file);
  return { file, contentHash: createHash('sha1').update(bytes).digest('hex'), claim };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true });
const utf16be = new TextDecoder('utf-16be', { fatal: true });

/** Bytes that Windows-1252 leaves undefined: a file holding them is in neither encoding. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

// Control characters other than tab, LF and CR mean the file is not text.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Decodes an article's bytes: UTF-8 (BOM dropped), UTF-16 with a BOM, else Windows-1252 with
 * a warning. Line endings become LF. Problems are messages on `file`; returns '' on error.
 */
export function decode(bytes: Uint8Array, file: VFile): string {
  let text: string | null = null;
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) text = utf16le.decode(bytes.subarray(2));
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = utf16be.decode(bytes.subarray(2));
  } catch {
    text = null;
  }
  if (text === null) {
    const nul = bytes.indexOf(0);
    if (nul !== -1) return binary(file, bytes, nul);
    try {
      text = utf8.decode(bytes);
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    } catch {
      const bad = firstInvalidUtf8(bytes);
      const undefinedByte = bytes.findIndex((byte) => CP1252_UNDEFINED.has(byte));
      if (undefinedByte !== -1) {
        report(file, 'file is neither UTF-8 nor Windows-1252 text', {
          place: placeOfByte(bytes, undefinedByte),
          ruleId: 'undecodable-text',
          hint: 'save the file as UTF-8 in your editor',
        });
        return '';
      }
      // A UTF-8 mark in front of bytes that are not UTF-8 is a mark and nothing more.
      const hasMark = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      text = decodeWindows1252(hasMark ? bytes.subarray(3) : bytes);
      report(file, 'file is not valid UTF-8; read it as Windows-1252', {
        place: placeOfByte(bytes, bad),
        ruleId: 'windows-1252',
        hint: 'save the file as UTF-8 to be sure every character comes out as written',
      });
    }
  }
  text = text.replace(/\r\n?/g, '\n');
  const control = CONTROL.exec(text);
  if (control) return binary(file, bytes, -1, placeOfOffset(text, control.index));
  return text;
}

function binary(file: VFile, bytes: Uint8Array, byteIndex: number, place?: { line: number; column: number }): string {
  report(file, 'file is binary, not text (it holds NUL or control characters)', {
    place: place ?? placeOfByte(bytes, byteIndex),
    ruleId: 'binary-file',
    hint: 'articles must be .txt or .md text; give other files another extension to copy them as assets',
  });
  return '';
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Binary search for the longest valid prefix; decoding is the only exact validator we have.
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle - 1;
    }
  }
  if (low < bytes.length) return low;
  // Every prefix streams cleanly: the fault is a sequence cut short at the end, so name its lead byte.
  let lead = bytes.length - 1;
  while (lead > 0 && (bytes[lead]! & 0xc0) === 0x80) lead--;
  return lead;
}

function placeOfByte(bytes: Uint8Array, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: index - lineStart + 1 };
}


