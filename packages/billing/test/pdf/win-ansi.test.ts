import fc from "fast-check";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";

import { toWinAnsi } from "../../src/pdf";

describe("toWinAnsi", () => {
  it("keeps Latin-1 and the CP1252 extras as they are", () => {
    expect(toWinAnsi("Zoë Müller – €")).toBe("Zoë Müller – €");
    expect(toWinAnsi("“quoted” ‘single’ — … • ™ Œ š ƒ")).toBe("“quoted” ‘single’ — … • ™ Œ š ƒ");
    expect(toWinAnsi("<script>alert(1)</script> & </div>")).toBe(
      "<script>alert(1)</script> & </div>",
    );
    expect(toWinAnsi("1\u00A0000 ¥ £ § © ® ° ± µ ¼ ß ÿ")).toBe("1\u00A0000 ¥ £ § © ® ° ± µ ¼ ß ÿ");
  });

  it("replaces what it cannot map with one ? per character", () => {
    expect(toWinAnsi("🚀")).toBe("?");
    expect(toWinAnsi("你好")).toBe("??");
    expect(toWinAnsi("Привет")).toBe("??????");
    expect(toWinAnsi("\uD800x")).toBe("?x");
  });

  it("strips control characters, turning line breaks and tabs into spaces", () => {
    expect(toWinAnsi("bell\u0007 nul\u0000 del\u007F c1\u0085!")).toBe("bell nul del c1!");
    expect(toWinAnsi("a\tb\nc\r\nd")).toBe("a b c  d");
  });

  it("maps common look-alikes", () => {
    expect(toWinAnsi("KWD\u202F1.500")).toBe("KWD\u00A01.500");
    expect(toWinAnsi("a\u2009b\u3000c")).toBe("a b c");
    expect(toWinAnsi("\u2212" + "5 \u2010 \u201Bx\u201F")).toBe("-5 - ‘x“");
    expect(toWinAnsi("zero\u200Bwidth\uFEFF")).toBe("zerowidth");
    expect(toWinAnsi("Dvořák ﬁ Ａ")).toBe("Dvorák fi A");
    expect(toWinAnsi("e\u0301")).toBe("é");
    expect(toWinAnsi("❤️ 👍🏽")).toBe("? ?");
  });

  it("always returns text Helvetica can encode, and is idempotent (property)", async () => {
    // pdf-lib's own encoder is the oracle: it throws on anything WinAnsi cannot encode.
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (input) => {
        const out = toWinAnsi(input);
        expect(() => font.encodeText(out)).not.toThrow();
        expect(toWinAnsi(out)).toBe(out);
      }),
    );
  });
});
