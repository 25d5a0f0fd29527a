// Metadata out of a JPEG or PNG without decoding it: the segments or chunks that hold EXIF (GPS
// among it), XMP, IPTC, comments and text go; the pixels, and the colour profile they need,
// stay byte for byte. Null when the file's structure is not as expected: then it is re-encoded.

export function stripJpeg(bytes: Uint8Array): Uint8Array | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++;
      continue;
    }
    // Start of scan: what follows is the picture itself, to the end.
    if (marker === 0xda) {
      kept.push(bytes.subarray(offset));
      return concat(kept);
    }
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    if (length < 2 || offset + 2 + length > bytes.length) return null;
    const segment = bytes.subarray(offset, offset + 2 + length);
    if (keepSegment(marker, segment)) kept.push(segment);
    offset += 2 + length;
  }
  return null;
}

function keepSegment(marker: number, segment: Uint8Array): boolean {
  if (marker === 0xfe) return false; // a comment
  if (marker < 0xe0 || marker > 0xef) return true; // tables, frame: the picture's own
  if (marker === 0xe0) return true; // JFIF
  if (marker === 0xee) return true; // Adobe: how the colours are stored
  // APP2 holds the ICC profile, which the colours are right only with; other APP2 data goes.
  if (marker === 0xe2) return String.fromCharCode(...segment.subarray(4, 15)) === 'ICC_PROFILE';
  return false; // EXIF and XMP (APP1), IPTC (APP13), makers' notes
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_DROPPED = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt', 'tIME']);

export function stripPng(bytes: Uint8Array): Uint8Array | null {
  if (!PNG_SIGNATURE.every((value, i) => bytes[i] === value)) return null;
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
    const end = offset + 12 + length;
    if (end > bytes.length) return null;
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (!PNG_DROPPED.has(type)) kept.push(bytes.subarray(offset, end));
    offset = end;
    if (type === 'IEND') return concat(kept);
  }
  return null;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
