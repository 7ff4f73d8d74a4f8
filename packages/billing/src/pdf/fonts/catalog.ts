import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Which font file can draw which characters. Everything comes from npm font packages (OFL), so a
 * render needs no system fonts and no network. Fontsource ships each font as WOFF2 slices by Unicode
 * range (its unicode.json says which): only the slices a document's characters fall in are ever read.
 */

export type Weight = 400 | 700;

export interface FontSource {
  /** Unique, e.g. "noto-sans-sc/102"; also names the font inside the PDF. */
  readonly id: string;
  /** Drawn right to left (fontkit shapes and reverses the run). */
  readonly rtl: boolean;
  /** Glyphs depend on their neighbours (joining, conjuncts): measured by whole runs, not per character. */
  readonly complex: boolean;
  /** The file for a weight; variable fonts (one file for every weight) are instanced when loaded. */
  file(weight: Weight): { path: string; variable: boolean };
}

interface Range {
  start: number;
  end: number;
  source: FontSource;
}

/** Fontsource packages: Noto Sans first (Latin, Greek, Cyrillic, Vietnamese), then the CJK fonts. */
const NOTO_SANS = "@fontsource-variable/noto-sans";
const CJK = {
  sc: "@fontsource-variable/noto-sans-sc",
  jp: "@fontsource-variable/noto-sans-jp",
  kr: "@fontsource-variable/noto-sans-kr",
} as const;
/** Static Noto Naskh Arabic: current Noto Arabic builds split dots into separate glyphs with no
 * character behind them, which text extraction turns into garbage; this build draws whole letters. */
const ARABIC = "@embedpdf/fonts-arabic";
const ARABIC_RANGES = "U+0600-06FF,U+0750-077F,U+0870-08FF,U+FB50-FDFF,U+FE70-FEFF";

const PREFERRED_SLICES = ["latin", "latin-ext", "vietnamese", "greek", "greek-ext", "cyrillic"];

/**
 * The folder of an installed package. Found on disk rather than through require.resolve, which
 * bundlers rewrite: from this file (source runs, tests) or the working directory (a bundle), looking
 * in each parent's node_modules and in pnpm's store of every package (node_modules/.pnpm/node_modules).
 */
export function packageDir(name: string): string {
  const starts: string[] = [];
  if (import.meta.url.startsWith("file:"))
    starts.push(path.dirname(fileURLToPath(import.meta.url)));
  starts.push(process.cwd());
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      for (const modules of ["node_modules", path.join("node_modules", ".pnpm", "node_modules")]) {
        const candidate = path.join(dir, modules, name);
        if (existsSync(path.join(candidate, "package.json"))) return candidate;
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(
    `The PDF font package ${name} is not installed (looked from ${starts.join(", ")})`,
  );
}

function parseRanges(css: string, source: FontSource): Range[] {
  return css.split(",").map((part) => {
    const [from = "0", to] = part.trim().replace(/^U\+/i, "").split("-");
    const start = Number.parseInt(from, 16);
    return { start, end: to === undefined ? start : Number.parseInt(to, 16), source };
  });
}

/** One Fontsource package: a source per slice, `keep` choosing which slices to use. */
function fontsource(pkg: string, keep: (slice: string) => boolean): Range[] {
  const dir = packageDir(pkg);
  const family = path.basename(pkg);
  const slices = JSON.parse(readFileSync(path.join(dir, "unicode.json"), "utf8")) as Record<
    string,
    string
  >;
  // Slices in the order they are tried: a character in two (U+20B9 is in latin-ext and devanagari)
  // comes from the first.
  const order = (slice: string) => {
    const at = PREFERRED_SLICES.indexOf(slice);
    return at === -1 ? PREFERRED_SLICES.length : at;
  };
  const entries = Object.entries(slices).sort(
    ([a], [b]) => order(a.replace(/[[\]]/g, "")) - order(b.replace(/[[\]]/g, "")),
  );
  return entries.flatMap(([key, css]) => {
    const slice = key.replace(/[[\]]/g, "");
    if (!keep(slice)) return [];
    const file = path.join(dir, "files", `${family}-${slice}-wght-normal.woff2`);
    const source: FontSource = {
      id: `${family}/${slice}`,
      rtl: false,
      complex: slice === "devanagari",
      file: () => ({ path: file, variable: true }),
    };
    return parseRanges(css, source);
  });
}

function arabic(): Range[] {
  const dir = path.join(packageDir(ARABIC), "fonts");
  const source: FontSource = {
    id: "noto-naskh-arabic",
    rtl: true,
    complex: true,
    file: (weight) => ({
      path: path.join(
        dir,
        weight === 700 ? "NotoNaskhArabic-Bold.ttf" : "NotoNaskhArabic-Regular.ttf",
      ),
      variable: false,
    }),
  };
  return parseRanges(ARABIC_RANGES, source);
}

export type CjkFont = keyof typeof CJK;

/** Built on first use and kept: reading the packages' unicode.json files once per process. */
let families: { latin: Range[]; arabic: Range[]; cjk: Record<CjkFont, Range[]> } | undefined;

function loadFamilies() {
  // CJK slices are numbered; their named Latin/Cyrillic slices repeat what Noto Sans has.
  const numbered = (slice: string) => /^\d+$/.test(slice);
  families ??= {
    latin: fontsource(NOTO_SANS, () => true),
    arabic: arabic(),
    cjk: {
      sc: fontsource(CJK.sc, numbered),
      jp: fontsource(CJK.jp, numbered),
      kr: fontsource(CJK.kr, numbered),
    },
  };
  return families;
}

/**
 * The order CJK fonts are tried in. Han characters are shared by Chinese, Japanese and Korean but drawn
 * differently in each, so a document with kana prefers the Japanese font, one with Hangul the Korean.
 */
export function cjkOrderFor(text: string): CjkFont[] {
  if (/[\u3040-\u30ff\u31f0-\u31ff]/u.test(text)) return ["jp", "sc", "kr"];
  if (/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/u.test(text)) return ["kr", "sc", "jp"];
  return ["sc", "jp", "kr"];
}

/** Answers by order and code point: the CJK tables hold some 24,000 ranges, scanned once per character. */
const memo = new Map<string, FontSource[]>();

/** The sources whose declared range holds `cp`, best first; the caller checks the glyph is really there. */
export function sourcesFor(cp: number, cjkOrder: readonly CjkFont[]): FontSource[] {
  const key = `${cjkOrder.join("")}:${cp}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const { latin, arabic: arabicRanges, cjk } = loadFamilies();
  const found: FontSource[] = [];
  for (const ranges of [latin, arabicRanges, ...cjkOrder.map((name) => cjk[name])]) {
    for (const range of ranges) {
      if (cp >= range.start && cp <= range.end && !found.includes(range.source)) {
        found.push(range.source);
      }
    }
  }
  // Bounded: a stream of random text must not grow it without end.
  if (memo.size >= 50_000) memo.clear();
  memo.set(key, found);
  return found;
}
