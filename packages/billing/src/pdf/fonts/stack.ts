import type { PDFDocument, PDFFont } from "pdf-lib";

import { cjkOrderFor, sourcesFor, type CjkFont, type FontSource, type Weight } from "./catalog";
import { fontkitBridge, loadedFace, type Face } from "./faces";

/** A stretch of text drawn with one font. `width` is in 1/1000 em. */
export interface Run {
  readonly face: Face;
  readonly text: string;
  readonly width: number;
}

/** Drawn for a character no font has (an emoji, a private-use character): visible, never a wrong letter. */
export const REPLACEMENT = "\uFFFD";
/** Combining marks and joiners: they belong to the letter before them, and alone show nothing. */
const ATTACHED = /^[\p{M}\u200C\u200D]$/u;
const JOINER = /^[\u200C\u200D]$/u;
const DIGIT = /^\p{Nd}$/u;
/** Spaces and punctuation between right-to-left words; brackets stay out, they would need mirroring. */
const NEUTRAL = /^[\p{Zs}\p{Po}\p{Pd}]$/u;
/** A number inside right-to-left text, separators included. */
const NUMBER = /\p{Nd}+(?:[.,\u066B\u066C]\p{Nd}+)*/gu;

/**
 * The fonts of one document. Which font draws a character is the first, in a fixed order, that has a
 * glyph for it. Font files are loaded asynchronously and layout is synchronous, so a character whose
 * font is not loaded yet is noted in `missing`: the renderer loads those and lays the document out again.
 */
export class DocumentFonts {
  readonly missing = new Map<string, readonly [FontSource, Weight]>();
  private readonly cjkOrder: readonly CjkFont[];
  private readonly chosen = {
    400: new Map<number, Face | null>(),
    700: new Map<number, Face | null>(),
  };

  /** `sample`: all of the document's text, from which the CJK preference is taken. */
  constructor(sample: string) {
    this.cjkOrder = cjkOrderFor(sample);
  }

  stack(weight: Weight): FontStack {
    return new FontStack(this, weight);
  }

  faceFor(cp: number, weight: Weight): Face | null {
    const chosen = this.chosen[weight];
    let face = chosen.get(cp);
    if (face !== undefined) return face;
    face = null;
    for (const source of sourcesFor(cp, this.cjkOrder)) {
      const loaded = loadedFace(source, weight);
      if (loaded === undefined) {
        this.missing.set(`${source.id}@${weight}`, [source, weight]);
      } else if (loaded.has(cp)) {
        face = loaded;
        break;
      }
    }
    chosen.set(cp, face);
    return face;
  }

  /** Embeds the faces the document draws with, each subset to the glyphs it used. */
  async embed(doc: PDFDocument, faces: Iterable<Face>): Promise<Map<Face, PDFFont>> {
    doc.registerFontkit(fontkitBridge);
    const embedded = new Map<Face, PDFFont>();
    for (const face of faces) {
      if (embedded.has(face)) continue;
      const font = await doc.embedFont(face.token, {
        subset: true,
        customName: face.pdfName,
        features: face.features,
      });
      embedded.set(face, font);
    }
    return embedded;
  }
}

/** One weight's fonts, in fallback order: splits text into runs and measures it. */
export class FontStack {
  constructor(
    private readonly fonts: DocumentFonts,
    readonly weight: Weight,
  ) {}

  /** Width in points of (sanitised) text at `size`. */
  width(text: string, size: number): number {
    let units = 0;
    for (const run of this.runs(text)) units += run.width;
    return (units * size) / 1000;
  }

  /** `text` cut into runs of one font each, in logical order. */
  runs(text: string): Run[] {
    const runs: Run[] = [];
    const chars = Array.from(text);
    let face: Face | null = null;
    let pending = "";
    const flush = () => {
      if (face !== null && pending !== "") runs.push(runOf(face, pending));
      pending = "";
    };
    // After "\uFFFD" and a zero-width joiner, the rest of an emoji sequence adds no second one.
    let joined = false;
    chars.forEach((ch, i) => {
      const cp = ch.codePointAt(0) ?? 0;
      if (
        face !== null &&
        face.has(cp) &&
        (this.attaches(ch, face) || this.staysRtl(chars, i, face))
      ) {
        pending += ch;
        return;
      }
      // A joiner counts only inside a shaped run (kept above); elsewhere it is dropped.
      if (JOINER.test(ch)) {
        joined = ch === "\u200D" && pending.endsWith(REPLACEMENT);
        return;
      }
      let next = this.fonts.faceFor(cp, this.weight);
      let drawn = ch;
      if (next === null) {
        const absorbed = joined;
        joined = false;
        if (absorbed || ATTACHED.test(ch)) return;
        next = this.fonts.faceFor(REPLACEMENT.codePointAt(0) ?? 0, this.weight);
        if (next === null) return;
        drawn = REPLACEMENT;
      }
      joined = false;
      if (next !== face) {
        flush();
        face = next;
      }
      pending += drawn;
    });
    flush();
    return runs;
  }

  /** Marks go with their letter; joiners only matter (and are kept) where letters are shaped. */
  private attaches(ch: string, face: Face): boolean {
    return JOINER.test(ch) ? face.source.complex : ATTACHED.test(ch);
  }

  /**
   * Whether chars[i] continues a right-to-left run: a digit always does (a number in Arabic text is
   * read as part of it), a space or punctuation only when more of the run follows, so that words stay
   * in one run that fontkit can order right to left as a whole.
   */
  private staysRtl(chars: string[], i: number, face: Face): boolean {
    if (!face.source.rtl) return false;
    const ch = chars[i] ?? "";
    if (DIGIT.test(ch)) return true;
    if (!NEUTRAL.test(ch)) return false;
    let j = i + 1;
    while (j < chars.length && NEUTRAL.test(chars[j] ?? "")) j++;
    const next = chars[j];
    if (next === undefined) return false;
    const cp = next.codePointAt(0) ?? 0;
    return DIGIT.test(next) ? face.has(cp) : this.fonts.faceFor(cp, this.weight) === face;
  }
}

/**
 * fontkit lays a right-to-left run out in reverse, numbers included; numbers read left to right even in
 * Arabic, so they are reversed beforehand and come out the right way round.
 */
function runOf(face: Face, text: string): Run {
  const drawn = face.source.rtl
    ? text.replace(NUMBER, (number) => Array.from(number).reverse().join(""))
    : text;
  return { face, text: drawn, width: face.width(drawn) };
}
