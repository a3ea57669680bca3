const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Deeper than any request of this API needs (an import row's address lines are 5 levels down), and far
 * below the ~5,000 levels at which class-transformer's recursion overflows the stack.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a JSON text nests arrays/objects deeper than `max`, found in one pass over its bytes without
 * parsing it (so nothing recursive ever sees the text). UTF-8 continuation bytes are never ASCII, so
 * brackets and quotes inside strings are told apart by the string state alone. Malformed text is left
 * to the real parser to refuse.
 */
export function exceedsJsonDepth(text: Uint8Array, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
      continue;
    }
    if (byte === QUOTE) inString = true;
    else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) depth--;
  }
  return false;
}
