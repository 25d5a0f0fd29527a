// Windows-1252, as Word and many wire feeds save text. Node's TextDecoder reads 'windows-1252' as
// Latin-1, so 0x80–0x9F (curly quotes, dashes, €) need their Windows-1252 characters put back.

const latin1 = new TextDecoder('latin1');
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function decodeWindows1252(bytes: Uint8Array): string {
  return latin1.decode(bytes).replace(/[\u0080-\u009f]/g, (char) => CP1252_HIGH[char.charCodeAt(0) - 0x80]!);
}
