// Windows-1252, as Word and many wire feeds save text. Node's TextDecoder reads 'windows-1252' as
// Latin-1, so 0x80–0x9F (curly quotes, dashes, €) need their Windows-1252 characters put back.

const latin1 = new TextDecoder('latin1');
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function decodeWindows1252(bytes: Uint8Array): string {
  return latin1.decode(bytes).replace(/[\u0080-\u009f]/g, (char) => CP1252_HIGH[char.charCodeAt(0) - 0x80]!);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Agency copy comes in UTF-8 or in Windows-1252: UTF-8 when the bytes are that (a BOM dropped), else Windows-1252. */
export function decodeUtf8OrWindows1252(bytes: Uint8Array): { text: string; windows1252: boolean } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: utf8.decode(body), windows1252: false };
  } catch {
    return { text: decodeWindows1252(body), windows1252: true };
  }
}
