import type { Font, Path } from "@pdf-lib/fontkit";

/**
 * Writes the glyphs of subsets of variable-font instances (a variable font at weight 400 or 700).
 * fontkit 1.1 re-encodes such glyphs from their varied outlines, but its encoder drops the count of the
 * last repeated flag and writes fractional deltas, so some come out as garbage (Cyrillic "в" at 400),
 * and it copies composite glyphs (most accented letters) unvaried, leaving accents where the default
 * weight has them. Here every glyph is written as a simple glyph from its outline at the instance's
 * weight, composites flattened; the rest of fontkit's subsetting (tables, metrics) is unchanged.
 */

const ON_CURVE = 0x01;
const X_SHORT = 0x02;
const Y_SHORT = 0x04;
const X_SAME_OR_POSITIVE = 0x10;
const Y_SAME_OR_POSITIVE = 0x20;

interface Point {
  x: number;
  y: number;
  on: boolean;
}

/** fontkit's Path has its commands at run time; its type declarations leave them out. */
interface PathCommand {
  command: "moveTo" | "lineTo" | "quadraticCurveTo" | "bezierCurveTo" | "closePath";
  args: number[];
}

function contoursOf(path: Path): Point[][] {
  const commands = (path as unknown as { commands: PathCommand[] }).commands;
  const contours: Point[][] = [];
  let contour: Point[] = [];
  const close = () => {
    if (contour.length > 0) contours.push(contour);
    contour = [];
  };
  const add = (x = 0, y = 0, on = true) => contour.push({ x: Math.round(x), y: Math.round(y), on });
  for (const { command, args: a } of commands) {
    if (command === "moveTo") {
      close();
      add(a[0], a[1]);
    } else if (command === "lineTo") {
      add(a[0], a[1]);
    } else if (command === "quadraticCurveTo") {
      add(a[0], a[1], false);
      add(a[2], a[3]);
    } else if (command === "bezierCurveTo") {
      // TrueType outlines are quadratic, so this does not occur; one quadratic is close enough if it does.
      const last = contour.at(-1) ?? { x: 0, y: 0 };
      const [c1x = 0, c1y = 0, c2x = 0, c2y = 0, x = 0, y = 0] = a;
      add((3 * (c1x + c2x) - last.x - x) / 4, (3 * (c1y + c2y) - last.y - y) / 4, false);
      add(x, y);
    } else {
      close();
    }
  }
  close();
  return contours.map(tidy);
}

/**
 * fontkit's outline spells out what TrueType leaves implied: the on-curve point halfway between two
 * control points, and a closing point equal to the first. Leaving them out again keeps each glyph within
 * the point counts the font's maxp table declares.
 */
function tidy(contour: Point[]): Point[] {
  const first = contour[0];
  const last = contour.at(-1);
  if (contour.length > 1 && first && last && last.on && last.x === first.x && last.y === first.y) {
    contour = contour.slice(0, -1);
  }
  const n = contour.length;
  if (n < 3) return contour;
  return contour.filter((point, i) => {
    const before = contour[(i + n - 1) % n];
    const after = contour[(i + 1) % n];
    if (!point.on || !before || !after || before.on || after.on) return true;
    // Rounding may have moved the midpoint by half a unit.
    const implied =
      Math.abs(2 * point.x - before.x - after.x) <= 1 &&
      Math.abs(2 * point.y - before.y - after.y) <= 1;
    return !implied;
  });
}

/** A coordinate delta as TrueType stores it: one byte and a sign flag when it fits, else two bytes. */
function delta(value: number, out: number[], short: number, sameOrPositive: number): number {
  if (value === 0) return sameOrPositive;
  if (value >= -255 && value <= 255) {
    out.push(Math.abs(value));
    return value > 0 ? short | sameOrPositive : short;
  }
  out.push((value >> 8) & 0xff, value & 0xff);
  return 0;
}

/** One simple glyph in the `glyf` format, without hinting instructions (they fit the default master). */
export function encodeSimpleGlyph(path: Path): Buffer {
  const contours = contoursOf(path).filter((contour) => contour.length > 0);
  const points = contours.flat();
  if (points.length === 0) return Buffer.alloc(0);
  const flags: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  let x = 0;
  let y = 0;
  for (const point of points) {
    const flag =
      (point.on ? ON_CURVE : 0) |
      delta(point.x - x, xs, X_SHORT, X_SAME_OR_POSITIVE) |
      delta(point.y - y, ys, Y_SHORT, Y_SAME_OR_POSITIVE);
    flags.push(flag);
    x = point.x;
    y = point.y;
  }
  const size = 10 + 2 * contours.length + 2 + flags.length + xs.length + ys.length;
  // Zero-padded to four bytes: fontkit may write a short loca table, which needs even offsets.
  const glyph = Buffer.alloc(size + ((4 - (size % 4)) % 4));
  let at = glyph.writeInt16BE(contours.length, 0);
  at = glyph.writeInt16BE(Math.min(...points.map((p) => p.x)), at);
  at = glyph.writeInt16BE(Math.min(...points.map((p) => p.y)), at);
  at = glyph.writeInt16BE(Math.max(...points.map((p) => p.x)), at);
  at = glyph.writeInt16BE(Math.max(...points.map((p) => p.y)), at);
  let end = -1;
  for (const contour of contours) {
    end += contour.length;
    at = glyph.writeUInt16BE(end, at);
  }
  at = glyph.writeUInt16BE(0, at);
  for (const byte of [...flags, ...xs, ...ys]) at = glyph.writeUInt8(byte, at);
  return glyph;
}

/** The state of a fontkit TTFSubset that writing a glyph touches (not part of its typed API). */
interface SubsetInternals {
  font: Font;
  glyf: Buffer[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
  _addGlyph(glyphId: number): number;
}

interface MaxProfile {
  maxPoints: number;
  maxContours: number;
  maxComponentPoints: number;
  maxComponentContours: number;
}

/** Makes every subset of `font` (pdf-lib makes one per document) write its glyphs with this encoder. */
export function withGlyphEncoder(font: Font): Font {
  // Flattened composites are simple glyphs now: the subset's maxp (copied from the font) must allow
  // them as many points as the composites had, or strict readers may reject the font.
  const { maxp } = font as unknown as { maxp: MaxProfile };
  maxp.maxPoints = Math.max(maxp.maxPoints, maxp.maxComponentPoints);
  maxp.maxContours = Math.max(maxp.maxContours, maxp.maxComponentContours);
  const createSubset = font.createSubset.bind(font);
  font.createSubset = () => {
    const subset = createSubset() as ReturnType<Font["createSubset"]> & SubsetInternals;
    subset._addGlyph = (glyphId) => {
      const glyph = subset.font.getGlyph(glyphId);
      // fontkit's bundled stream polyfill takes only its own Buffer, which it knows by this flag.
      const encoded = Object.assign(encodeSimpleGlyph(glyph.path), { _isBuffer: true });
      subset.glyf.push(encoded);
      subset.loca.offsets.push(subset.offset);
      subset.hmtx.metrics.push({
        advance: Math.round(glyph.advanceWidth),
        bearing: encoded.length > 0 ? encoded.readInt16BE(2) : 0,
      });
      subset.offset += encoded.length;
      return subset.glyf.length - 1;
    };
    return subset;
  };
  return font;
}
