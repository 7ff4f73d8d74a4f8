/**
 * Makes user text safe to lay out on one line, in any script: what is kept is drawn as typed (the fonts
 * decide per character, see fonts/stack.ts), only things that are not visible text change. Nothing is
 * ever interpreted: markup stays the same characters.
 */

/** Invisible format characters: bidi marks, BOM, soft hyphen, tags. */
const FORMAT = /^\p{Cf}$/u;

/** Emoji skin tones and variation selectors: they only restyle the character before them. */
function isModifier(cp: number): boolean {
  return (
    (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}
const SPACE = /^[\p{Zs}\p{Zl}\p{Zp}]$/u;
/** Narrow and figure spaces become the no-break space so amounts such as "KWD 1.500" stay together. */
const NO_BREAK = new Set(["\u00A0", "\u202F", "\u2007"]);

function mapChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x20 && cp < 0x7f) return ch;
  // Tabs and line breaks separate words, so they become a space instead of gluing words together.
  if (cp >= 0x09 && cp <= 0x0d) return " ";
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return "";
  if (NO_BREAK.has(ch)) return "\u00A0";
  // Zero-width (non-)joiners steer how Arabic letters join, so they stay.
  if (cp === 0x200c || cp === 0x200d) return ch;
  if (FORMAT.test(ch) || isModifier(cp)) return "";
  if (SPACE.test(ch)) return " ";
  return ch;
}

/** `text` composed (NFC, so "e" + U+0301 is one "é"), without control or invisible characters. */
export function printable(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFC")) out += mapChar(ch);
  return out;
}
