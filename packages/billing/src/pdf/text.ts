import type { FontStack } from "./fonts/stack";
import { printable } from "./printable";

export const ELLIPSIS = "…";

/**
 * Width of already-sanitised text, run by run in the fonts that will draw it. Widths add up character
 * by character (except for shaped scripts such as Arabic), which character-wise breaking relies on.
 */
export function measure(text: string, font: FontStack, size: number): number {
  return font.width(text, size);
}

/** Sanitised single-line text: every whitespace run becomes one space, so layout can break on " ". */
export function clean(text: string): string {
  return printable(text).replace(/ {2,}/g, " ").trim();
}

/** The longest prefix of `text` that fits in `width`, at least one character so breaking always progresses. */
function fittingPrefix(text: string, font: FontStack, size: number, width: number): string {
  let prefix = "";
  let used = 0;
  for (const ch of text) {
    const w = measure(ch, font, size);
    if (prefix !== "" && used + w > width) break;
    prefix += ch;
    used += w;
  }
  return prefix;
}

/** `text` cut so that it plus "…" fits in `width`; used when the text continues beyond what is shown. */
function withEllipsis(text: string, font: FontStack, size: number, width: number): string {
  const room = width - measure(ELLIPSIS, font, size);
  const head = room > 0 ? fittingPrefix(text, font, size, room) : "";
  // fittingPrefix always returns one character; drop it if even that does not fit.
  const kept = measure(head, font, size) <= room ? head : "";
  return `${kept.trimEnd()}${ELLIPSIS}`;
}

/** One line of sanitised text, ending in "…" if it is wider than `width`. */
export function truncate(text: string, font: FontStack, size: number, width: number): string {
  const line = clean(text);
  return measure(line, font, size) <= width ? line : withEllipsis(line, font, size, width);
}

/**
 * Sanitised text word-wrapped to `width`, at most `maxLines` lines; the last shown line ends in "…"
 * when text was cut. Words wider than the column (URLs, IDs) are broken by characters.
 */
export function wrap(
  text: string,
  font: FontStack,
  size: number,
  width: number,
  maxLines: number,
): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of clean(text).split(" ")) {
    // Enough lines to know the text is cut: stop, so huge input costs no more than a short one.
    if (lines.length > maxLines) break;
    const candidate = line === "" ? word : `${line} ${word}`;
    if (measure(candidate, font, size) <= width) {
      line = candidate;
      continue;
    }
    if (line !== "") lines.push(line);
    let rest = word;
    while (measure(rest, font, size) > width && lines.length <= maxLines) {
      const head = fittingPrefix(rest, font, size, width);
      lines.push(head);
      rest = rest.slice(head.length);
    }
    line = rest;
  }
  if (line !== "") lines.push(line);
  if (lines.length <= maxLines) return lines;
  const shown = lines.slice(0, maxLines);
  shown[maxLines - 1] = withEllipsis(shown[maxLines - 1] ?? "", font, size, width);
  return shown;
}

/**
 * The largest size from `size` down to `minSize` at which the text fits. Amounts shrink rather than
 * lose digits; the caller still truncates if even `minSize` is too wide.
 */
export function fitSize(
  text: string,
  font: FontStack,
  size: number,
  width: number,
  minSize: number,
): number {
  const natural = measure(clean(text), font, size);
  if (natural <= width) return size;
  // Rounded down so floating-point error cannot leave the text a hair too wide.
  return Math.max(minSize, Math.floor(((size * width) / natural) * 100) / 100);
}
