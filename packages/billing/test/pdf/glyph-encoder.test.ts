import fontkit, { type Font, type Path } from "@pdf-lib/fontkit";
import { describe, expect, it } from "vitest";

import { sourcesFor, type Weight } from "../../src/pdf/fonts/catalog";
import { loadFaces, loadedFace, type Face } from "../../src/pdf/fonts/faces";

/** The face that draws `ch` at `weight`, as the PDF would choose it. */
async function faceFor(ch: string, weight: Weight): Promise<Face> {
  const cp = ch.codePointAt(0) ?? 0;
  for (const source of sourcesFor(cp, ["sc", "jp", "kr"])) {
    await loadFaces([[source, weight]]);
    const face = loadedFace(source, weight);
    if (face?.has(cp)) return face;
  }
  throw new Error(`no face for ${ch}`);
}

/** The font file a PDF subset of `font` holding `ids` would embed, parsed back. */
function subsetOf(font: Font, glyphIds: number[]): Promise<{ font: Font; ids: number[] }> {
  const subset = font.createSubset();
  const ids = glyphIds.map((id) => subset.includeGlyph(id));
  return new Promise((resolve) => {
    const parts: Uint8Array[] = [];
    subset
      .encodeStream()
      .on("data", (bytes) => parts.push(bytes))
      .on("end", () => resolve({ font: fontkit.create(Buffer.concat(parts)), ids }));
  });
}

interface Command {
  command: string;
  args: number[];
}

/** Signed area of the outline, quadratic segments flattened: the same whatever point a contour starts at. */
function area(path: Path): number {
  const commands = (path as unknown as { commands: Command[] }).commands;
  let total = 0;
  let start = { x: 0, y: 0 };
  let at = { x: 0, y: 0 };
  const lineTo = (x: number, y: number) => {
    total += at.x * y - x * at.y;
    at = { x, y };
  };
  for (const { command, args } of commands) {
    const [a = 0, b = 0, c = 0, d = 0] = args;
    if (command === "moveTo") start = at = { x: a, y: b };
    else if (command === "lineTo") lineTo(a, b);
    else if (command === "quadraticCurveTo") {
      const from = at;
      for (let t = 0.25; t <= 1; t += 0.25) {
        const u = 1 - t;
        lineTo(
          u * u * from.x + 2 * u * t * a + t * t * c,
          u * u * from.y + 2 * u * t * b + t * t * d,
        );
      }
    } else if (command === "closePath") lineTo(start.x, start.y);
  }
  return total / 2;
}

describe("glyph outlines in the embedded subsets", () => {
  // fontkit's own encoder garbled "в" and left accents (composite glyphs: "ź", "ệ", "Æ") at their
  // regular-weight place in bold; the others cover each font family.
  const samples = "Москва AgÆß€ Ελλάδα ệ Łódź 東京都 プロ 서울 专业版";

  for (const weight of [400, 700] as const) {
    it(`match the font's outlines at weight ${weight}`, async () => {
      for (const ch of samples.replace(/ /g, "")) {
        const face = await faceFor(ch, weight);
        const glyph = face.font.glyphForCodePoint(ch.codePointAt(0) ?? 0);
        const { font, ids } = await subsetOf(face.font, [glyph.id]);
        const copy = font.getGlyph(ids[0] ?? 0);
        const [want, got] = [glyph.path.bbox, copy.path.bbox];
        for (const side of ["minX", "minY", "maxX", "maxY"] as const)
          expect(Math.abs(got[side] - want[side]), `${ch} ${side}`).toBeLessThanOrEqual(1);
        const [a, b] = [area(glyph.path), area(copy.path)];
        expect(Math.abs(a - b) / Math.abs(a), `${ch} area`).toBeLessThan(0.01);
        expect(Math.abs(copy.advanceWidth - glyph.advanceWidth), `${ch} advance`).toBeLessThan(1);
        // Within the counts the subset's maxp declares (flattened accents included).
        const { maxp } = font as unknown as { maxp: { maxPoints: number; maxContours: number } };
        const decoded = (
          copy as unknown as { _decode(): { points?: unknown[]; numberOfContours: number } | null }
        )._decode();
        expect(decoded?.points?.length ?? 0, `${ch} points`).toBeLessThanOrEqual(maxp.maxPoints);
        expect(decoded?.numberOfContours ?? 0, `${ch} contours`).toBeLessThanOrEqual(
          maxp.maxContours,
        );
      }
    });
  }

  it("are heavier in bold than in regular (the variable fonts are instanced, not their default)", async () => {
    for (const ch of ["東", "a", "서"]) {
      const [regular, bold] = await Promise.all([faceFor(ch, 400), faceFor(ch, 700)]);
      const cp = ch.codePointAt(0) ?? 0;
      const ink = (face: Face) => Math.abs(area(face.font.glyphForCodePoint(cp).path));
      expect(ink(bold), ch).toBeGreaterThan(ink(regular) * 1.15);
    }
  });
});
