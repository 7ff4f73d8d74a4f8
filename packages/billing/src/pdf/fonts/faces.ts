import { readFile } from "node:fs/promises";

// fontkit's prebuilt bundle runs its Indic and Universal shapers (Devanagari and others) as
// transpiled generators that look up a global `regeneratorRuntime`; without it, laying out such a
// name throws. This import installs it once for the process.
import "regenerator-runtime/runtime.js";

import fontkit, { type Font, type TypeFeatures } from "@pdf-lib/fontkit";
import type { PDFDocument } from "pdf-lib";
import decompress from "woff2-encoder/decompress";

import type { FontSource, Weight } from "./catalog";
import { withGlyphEncoder } from "./glyph-encoder";

/** The parts of fontkit's API its type declarations leave out. */
interface VariableFont extends Font {
  getVariation(settings: Record<string, number>): Font;
}

/**
 * One font file at one weight, loaded once per process and shared by every document: parsing and
 * instancing happen once, and only the glyphs a document draws are embedded (pdf-lib subsets per
 * document). Widths are in 1/1000 em, as PDF measures them.
 */
export class Face {
  /** What pdf-lib's embedFont is given; `fontkitBridge` hands back the font it stands for. */
  readonly token = new Uint8Array(0);
  /**
   * Shaping features for pdf-lib's layout. Ligatures are off where they are optional so that each
   * character is one glyph and widths add up character by character; Arabic keeps its required forms.
   */
  readonly features: TypeFeatures;
  private readonly scale: number;
  private readonly widths = new Map<string, number>();
  private readonly runWidths = new Map<string, number>();

  constructor(
    readonly source: FontSource,
    readonly weight: Weight,
    readonly font: Font,
  ) {
    this.scale = 1000 / font.unitsPerEm;
    this.features = source.complex ? {} : { liga: false, clig: false, calt: false, dlig: false };
    tokens.set(this.token, font);
  }

  /**
   * The font's name inside the PDF, e.g. "QWXKTB+noto-sans-sc-102-Bold": subset fonts carry a tag of
   * six capitals (PDF 32000 §9.6.4), here derived from the name so the same data gives the same bytes.
   */
  get pdfName(): string {
    const name = `${this.source.id.replace(/[^A-Za-z0-9-]/g, "-")}-${this.weight === 700 ? "Bold" : "Regular"}`;
    let hash = 2166136261;
    for (const ch of name) hash = Math.imul(hash ^ (ch.codePointAt(0) ?? 0), 16777619) >>> 0;
    let tag = "";
    for (let i = 0; i < 6; i++, hash = Math.floor(hash / 26))
      tag += String.fromCharCode(65 + (hash % 26));
    return `${tag}+${name}`;
  }

  has(cp: number): boolean {
    return this.font.hasGlyphForCodePoint(cp);
  }

  /** Width of `text` as drawn; complex scripts are shaped as a whole, since joining changes glyphs. */
  width(text: string): number {
    if (!this.source.complex) {
      let width = 0;
      for (const ch of text) width += this.charWidth(ch);
      return width;
    }
    // Shaped runs are cached too (bounded): wrapping measures the same prefixes again and again.
    let width = this.runWidths.get(text);
    if (width === undefined) {
      width = 0;
      for (const glyph of this.font.layout(text, this.features).glyphs) width += glyph.advanceWidth;
      width *= this.scale;
      if (this.runWidths.size >= 10_000) this.runWidths.clear();
      this.runWidths.set(text, width);
    }
    return width;
  }

  private charWidth(ch: string): number {
    let width = this.widths.get(ch);
    if (width === undefined) {
      width = this.font.glyphForCodePoint(ch.codePointAt(0) ?? 0).advanceWidth * this.scale;
      this.widths.set(ch, width);
    }
    return width;
  }
}

const tokens = new WeakMap<Uint8Array, Font>();

/** pdf-lib's own fontkit interface (it is not exported by name). */
type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];

/**
 * Registered with each document: pdf-lib asks fontkit to parse the bytes it was given, and this answers
 * with the already loaded (and instanced) font instead, so nothing is parsed twice.
 */
export const fontkitBridge: Fontkit = {
  create(token: Uint8Array) {
    const font = tokens.get(token);
    if (font === undefined) throw new Error("Not a font loaded by the invoice PDF");
    return font;
  },
};

const faces = new Map<string, Face>();
const loading = new Map<string, Promise<void>>();
/** Variable fonts by file, decompressed once for both weights. */
const variableFonts = new Map<string, Promise<VariableFont>>();

const keyOf = (source: FontSource, weight: Weight) => `${source.id}@${weight}`;

export function loadedFace(source: FontSource, weight: Weight): Face | undefined {
  return faces.get(keyOf(source, weight));
}

async function readVariable(file: string): Promise<VariableFont> {
  // fontkit reads WOFF2, but cannot subset or instance it: the glyph table is stored transformed.
  const ttf = await decompress(await readFile(file));
  return fontkit.create(Buffer.from(ttf)) as VariableFont;
}

async function load(source: FontSource, weight: Weight): Promise<void> {
  const file = source.file(weight);
  let font: Font;
  if (file.variable) {
    let variable = variableFonts.get(file.path);
    if (variable === undefined) {
      variable = readVariable(file.path);
      variableFonts.set(file.path, variable);
      variable.catch(() => variableFonts.delete(file.path));
    }
    // The default instance of these files is not always Regular (Noto Sans SC's is Thin).
    font = withGlyphEncoder((await variable).getVariation({ wght: weight }));
  } else {
    font = fontkit.create(await readFile(file.path));
  }
  faces.set(keyOf(source, weight), new Face(source, weight, font));
}

/** Loads what is not loaded yet; concurrent renders share one load of each file. */
export async function loadFaces(wanted: Iterable<readonly [FontSource, Weight]>): Promise<void> {
  const pending: Promise<void>[] = [];
  for (const [source, weight] of wanted) {
    const key = keyOf(source, weight);
    if (faces.has(key)) continue;
    let promise = loading.get(key);
    if (promise === undefined) {
      promise = load(source, weight).finally(() => loading.delete(key));
      loading.set(key, promise);
    }
    pending.push(promise);
  }
  await Promise.all(pending);
}
