/** `%HH` escapes in URI components (RFC 3261 §19.1.2, §25.1 `escaped`). */

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/** The byte an escape at `i` stands for, or -1 when `s[i..i+2]` is not `%HH`. */
function escapedByte(s: string, i: number): number {
  if (s.charCodeAt(i) !== 37 || i + 2 >= s.length) return -1;
  const hi = hexValue(s.charCodeAt(i + 1));
  const lo = hexValue(s.charCodeAt(i + 2));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

/**
 * Decodes `%HH` escapes; consecutive escapes are read together as UTF-8. A `%` not followed by
 * two hex digits stays as it is. Unescaping is never recursive (`%2541` → `%41`).
 */
export function unescapeUri(s: string): string {
  if (s.indexOf('%') < 0) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const bytes: number[] = [];
    for (let b = escapedByte(s, i); b >= 0; b = escapedByte(s, i)) {
      bytes.push(b);
      i += 3;
    }
    if (bytes.length > 0) out += Buffer.from(bytes).toString('utf8');
    else out += s[i++];
  }
  return out;
}

/** Every escape replaced by the one character with the same code as its byte: for comparison only. */
export function unescapeBytes(s: string): string {
  if (s.indexOf('%') < 0) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const b = escapedByte(s, i);
    if (b >= 0) {
      out += String.fromCharCode(b);
      i += 2;
    } else out += s[i];
  }
  return out;
}

/** Escapes every byte of `text` (UTF-8) that is not in `allowed` (a 128-entry class table). */
export function escapeUri(text: string, allowed: Uint8Array): string {
  let out = '';
  for (const b of Buffer.from(text, 'utf8')) {
    if (b < 128 && allowed[b] === 1 && b !== 37) out += String.fromCharCode(b);
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
