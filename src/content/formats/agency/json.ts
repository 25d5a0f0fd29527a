import { placeOfOffset } from '../../../messages/diagnostics.js';

// JSON as agencies send it, with places: JSON.parse reads the values, and a scan of the text
// says where a syntax error is (V8's messages give no position for some errors, and none for
// a file cut short) and where each value is written, by JSON pointer (`/associations/0/uri`).
// The scan keeps its own stack, so a hostile file nested a million deep is an error, not a crash.

type LineColumn = { line: number; column: number };

export type ReadJson =
  | { ok: true; value: unknown; placeOf: (pointer: string) => LineColumn | undefined }
  | { ok: false; reason: string; place: LineColumn };

/** The value of a JSON text, or why and where it is not JSON. */
export function readJson(text: string): ReadJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const found = scanJson(text);
    const offset = found?.offset ?? positionIn(String((error as Error).message), text);
    return { ok: false, reason: found?.reason ?? 'it does not parse', place: placeOfOffset(text, offset) };
  }
  let offsets: Map<string, number> | null = null;
  return {
    ok: true,
    value,
    placeOf: (pointer) => {
      if (offsets === null) {
        const map = new Map<string, number>();
        scanJson(text, (at, offset) => map.set(at, offset));
        offsets = map;
      }
      const offset = offsets.get(pointer);
      return offset === undefined ? undefined : placeOfOffset(text, offset);
    },
  };
}

/** A JSON pointer's segment for a key (RFC 6901): `~` and `/` escaped. */
export function pointerTo(parent: string, key: string | number): string {
  return `${parent}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

// Where V8 put a position in its message, when it did; otherwise the end of the text.
function positionIn(message: string, text: string): number {
  const at = /at position (\d+)/.exec(message);
  return at ? Math.min(Number(at[1]), text.length) : text.length;
}

interface Frame {
  object: boolean;
  pointer: string;
  count: number;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/**
 * Walks a JSON text: the first syntax error, or null when it is well formed. `found` hears of
 * each member (at its key) and each array element (at its value), by pointer.
 */
function scanJson(text: string, found?: (pointer: string, offset: number) => void): { offset: number; reason: string } | null {
  const end = text.length;
  const stack: Frame[] = [];
  const space = (from: number) => {
    let at = from;
    while (at < end && (text[at] === ' ' || text[at] === '\n' || text[at] === '\t' || text[at] === '\r')) at++;
    return at;
  };
  const cutShort = (offset: number, what: string) => ({ offset, reason: `the file ends ${what}: it is cut short` });
  /** The end of the string that opens at `start`, or the error in it. */
  const string = (start: number): number | { offset: number; reason: string } => {
    let at = start + 1;
    for (;;) {
      if (at >= end) return cutShort(start, 'inside a string that opens here');
      const char = text.charCodeAt(at);
      if (char === 0x22) return at + 1;
      if (char === 0x5c) {
        ESCAPE.lastIndex = at;
        if (!ESCAPE.test(text)) return { offset: at, reason: 'a backslash in a string starts no escape JSON knows' };
        at = ESCAPE.lastIndex;
      } else if (char < 0x20) {
        return { offset: at, reason: 'a string holds a line break or control character: a quote is missing, or the string is cut' };
      } else at++;
    }
  };

  let at = space(0);
  let pointer = '';
  let mode: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    if (mode === 'value') {
      if (at >= end) return cutShort(at, stack.length === 0 ? 'before any value' : 'where a value should be');
      const char = text[at]!;
      if (char === '{' || char === '[') {
        const frame = { object: char === '{', pointer, count: 0 };
        stack.push(frame);
        at = space(at + 1);
        if (text[at] === (frame.object ? '}' : ']')) {
          stack.pop();
          at++;
          mode = 'after';
        } else if (frame.object) mode = 'key';
        else {
          pointer = pointerTo(frame.pointer, 0);
          found?.(pointer, at);
        }
        continue;
      }
      if (char === '"') {
        const closed = string(at);
        if (typeof closed !== 'number') return closed;
        at = closed;
      } else if (/[-\d]/.test(char)) {
        NUMBER.lastIndex = at;
        if (!NUMBER.test(text)) return { offset: at, reason: 'a number is not written as JSON writes one' };
        at = NUMBER.lastIndex;
      } else {
        const word = ['true', 'false', 'null'].find((literal) => text.startsWith(literal, at));
        if (!word) return { offset: at, reason: `${JSON.stringify(char)} where a value should be` };
        at += word.length;
      }
      mode = 'after';
    } else if (mode === 'key') {
      if (at >= end) return cutShort(at, 'where a key should be');
      if (text[at] !== '"') return { offset: at, reason: 'a key should be here, in double quotes' };
      const closed = string(at);
      if (typeof closed !== 'number') return closed;
      const keyAt = at;
      at = space(closed);
      if (at >= end) return cutShort(at, "where ':' should follow a key");
      if (text[at] !== ':') return { offset: at, reason: "':' should follow the key" };
      pointer = pointerTo(stack[stack.length - 1]!.pointer, JSON.parse(text.slice(keyAt, closed)) as string);
      found?.(pointer, keyAt);
      at = space(at + 1);
      mode = 'value';
    } else {
      at = space(at);
      const frame = stack[stack.length - 1];
      if (!frame) return at < end ? { offset: at, reason: 'there is more after the end of the JSON value' } : null;
      const close = frame.object ? '}' : ']';
      if (at >= end) return cutShort(at, `before the closing '${close}'`);
      if (text[at] === ',') {
        at = space(at + 1);
        if (frame.object) mode = 'key';
        else {
          frame.count++;
          pointer = pointerTo(frame.pointer, frame.count);
          found?.(pointer, at);
          mode = 'value';
        }
      } else if (text[at] === close) {
        stack.pop();
        at++;
      } else return { offset: at, reason: `',' or '${close}' should follow the value` };
    }
  }
}
