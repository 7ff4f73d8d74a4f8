/**
 * The standard PDF fonts (Helvetica) only cover WinAnsi (CP1252), and pdf-lib throws on any other
 * character: `toWinAnsi` makes text safe for them. The invoice PDF no longer uses it (it embeds Unicode
 * fonts, see render-invoice.ts); it stays exported for callers drawing with a standard font. Nothing is
 * ever interpreted: the output is the same plain text, with unencodable characters replaced.
 */

/** The CP1252 0x80–0x9F block: the only code points above U+00FF that WinAnsi can encode. */
const CP1252_EXTRAS = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/**
 * Look-alikes common enough in typed text (and in Intl output) to be worth mapping rather than
 * showing "?". No-break spaces map to U+00A0 so that amounts such as "KWD 1.500" keep their meaning.
 */
const SUBSTITUTES = new Map<string, string>([
  ["\u202F", "\u00A0"], // narrow no-break space (Intl uses it in fr-FR and others)
  ["\u2007", "\u00A0"], // figure space
  ["\u2060", ""], // word joiner
  ["\u2010", "-"],
  ["\u2011", "-"],
  ["\u2012", "–"],
  ["\u2015", "—"],
  ["\u2212", "-"], // minus sign (Intl uses it for negatives in some locales)
  ["\u201B", "‘"],
  ["\u201F", "“"],
  ["\u2032", "'"],
  ["\u2033", '"'],
  ["\u02BC", "’"],
  ["\u2035", "‘"],
  ["\u2024", "."],
  ["\u2043", "•"],
  ["\u2219", "•"],
  ["\u2044", "/"],
  ["\u2215", "/"],
]);

/** Invisible characters (zero-width joiners, bidi marks, BOM, emoji skin tones): dropping them loses nothing visible. */
const INVISIBLE = /^[\p{Cf}\u{1F3FB}-\u{1F3FF}]$/u;
const OTHER_SPACE = /^[\p{Zs}\p{Zl}\p{Zp}]$/u;
const MARKS = /\p{M}/gu;

function isWinAnsi(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return (
    ch.length === 1 &&
    ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || CP1252_EXTRAS.has(ch))
  );
}

function mapChar(ch: string): string {
  if (isWinAnsi(ch)) return ch;
  const cp = ch.codePointAt(0) ?? 0;
  // Tabs and line breaks separate words, so they become a space instead of gluing words together.
  if (cp >= 0x09 && cp <= 0x0d) return " ";
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return "";
  const substitute = SUBSTITUTES.get(ch);
  if (substitute !== undefined) return substitute;
  if (INVISIBLE.test(ch)) return "";
  if (OTHER_SPACE.test(ch)) return " ";
  // Compatibility decomposition keeps the readable part: "ř" → "r", "ﬁ" → "fi", "Ａ" → "A". Combining
  // marks (including emoji variation selectors) decompose to nothing and are dropped.
  const base = ch.normalize("NFKD").replace(MARKS, "");
  if ([...base].every(isWinAnsi)) return base;
  return "?";
}

/**
 * Returns `text` with only characters Helvetica can draw: WinAnsi characters are kept as they are,
 * common look-alikes are mapped, control characters are removed (line breaks and tabs become spaces)
 * and anything else becomes "?". One "?" per code point, so an emoji is one "?", not two.
 */
export function toWinAnsi(text: string): string {
  let out = "";
  // NFC first so that a decomposed "e" + U+0301 becomes the Latin-1 "é" instead of "e".
  for (const ch of text.normalize("NFC")) out += mapChar(ch);
  return out;
}
