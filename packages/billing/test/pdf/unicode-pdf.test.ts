import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { renderInvoicePdf } from "../../src/pdf";
import { printable } from "../../src/pdf/printable";
import { invoice, line, pdfFonts, pdfText } from "./fixture";

/** Extracted text with every whitespace run as one space: pdf.js may give U+00A0 or line breaks. */
const spaced = (text: string) => text.replace(/\s+/g, " ");

const world = invoice({
  seller: {
    name: "Ünïcödé GmbH",
    addressLines: ["Zażółć gęślą jaźń 1", "Łódź"],
    email: "b@x.example",
  },
  customer: {
    name: "東京都 Ελλάδα Москва",
    email: "ap@acme.example",
    addressLines: [
      "東京都千代田区丸の内1-1",
      "Αθήνα",
      "Москва, ул. Тверская 1",
      "서울특별시 강남구",
      "العربية",
    ],
    taxId: "İstanbul-Ğ",
  },
  lines: [line({ description: "Pro 专业版 プロプラン 프로 Tiếng Việt — launch 🚀 done" })],
  discountAmount: 500,
  discountLabel: "ZNIŻKA-東京",
  taxAmount: 0,
  taxLabel: "ΦΠΑ 0%",
});

describe("the invoice PDF in any script", () => {
  // First in the file: the rupee sign is in a font slice nothing else here loads before, so this
  // exercises the second layout pass (a font needed only by formatted money is found while drawing).
  it("loads the fonts that formatted amounts need, found while laying out", async () => {
    const bytes = await renderInvoicePdf(invoice({ currency: "inr" }));
    expect(spaced((await pdfText(bytes)).text)).toContain("₹35.00");
    expect(await pdfFonts(bytes)).toContain("noto-sans-latin-ext-Regular");
  });

  it("prints names, addresses, plan names and coupon codes as typed, read back from the PDF", async () => {
    const text = spaced((await pdfText(await renderInvoicePdf(world))).text);
    for (const expected of [
      "Ünïcödé GmbH",
      "Zażółć gęślą jaźń 1",
      "Łódź",
      "東京都 Ελλάδα Москва",
      "東京都千代田区丸の内1-1",
      "Αθήνα",
      "Москва, ул. Тверская 1",
      "서울특별시 강남구",
      "العربية",
      "Tax ID: İstanbul-Ğ",
      "Pro 专业版 プロプラン 프로 Tiếng Việt — launch \uFFFD done",
      "Discount (ZNIŻKA-東京)",
      "Tax (ΦΠΑ 0%)",
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain("?");
  });

  it("shapes Arabic and keeps its words and numbers in reading order", async () => {
    const customer = {
      ...invoice().customer,
      addressLines: ["شارع الملك 12، الرياض", "ص.ب ١٢٣٤٥"],
    };
    const text = spaced((await pdfText(await renderInvoicePdf(invoice({ customer })))).text);
    expect(text).toContain("شارع الملك 12، الرياض");
    expect(text).toContain("ص.ب ١٢٣٤٥");
  });

  it("embeds only the fonts a document uses, subset: a Latin invoice carries no CJK or Arabic font", async () => {
    const latin = await renderInvoicePdf(invoice());
    expect(await pdfFonts(latin)).toEqual(["noto-sans-latin-Bold", "noto-sans-latin-Regular"]);
    const everything = await renderInvoicePdf(world);
    const fonts = await pdfFonts(everything);
    for (const family of [
      "noto-sans-sc-",
      "noto-sans-kr-",
      "noto-naskh-arabic-",
      "noto-sans-greek-",
    ])
      expect(
        fonts.some((name) => name.startsWith(family)),
        family,
      ).toBe(true);
    // Subsetting keeps documents small: a few KB per font file used.
    expect(latin.length).toBeLessThan(40_000);
    expect(everything.length).toBeLessThan(200_000);
  });

  it("draws Japanese Han with the Japanese font when the document has kana, else the Chinese one", async () => {
    const withKana = invoice({ customer: { ...invoice().customer, name: "東京 さくら" } });
    expect((await pdfFonts(await renderInvoicePdf(withKana))).join()).toMatch(/noto-sans-jp-/);
    const hanOnly = invoice({ customer: { ...invoice().customer, name: "東京" } });
    expect((await pdfFonts(await renderInvoicePdf(hanOnly))).join()).not.toMatch(/noto-sans-jp-/);
  });

  it("renders any Unicode string without throwing (property)", { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.string({ unit: "binary", maxLength: 40 }),
        async (name, description) => {
          const data = invoice({
            customer: { ...invoice().customer, name, addressLines: [description] },
            lines: [line({ description: `${description} ${name}` })],
          });
          const bytes = await renderInvoicePdf(data);
          expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
        },
      ),
      { numRuns: 40 },
    );
  });

  // CI found it: "ऀ" alone made fontkit's Indic shaper throw (its bundle needs regeneratorRuntime).
  it("shapes Devanagari: a Hindi name is drawn with the Devanagari font", async () => {
    const customer = { ...invoice().customer, name: "ऀ", addressLines: ["नई दिल्ली कंपनी"] };
    const bytes = await renderInvoicePdf(invoice({ customer }));
    expect(await pdfFonts(bytes)).toContain("noto-sans-devanagari-Regular");
    // Extraction gives glyphs in visual order (the vowel sign of "दि" is drawn first), so test
    // words without a reordered sign.
    const text = spaced((await pdfText(bytes)).text);
    expect(text).toContain("नई");
    expect(text).toContain("कंपनी");
  });

  it("shapes any mix of complex-script letters and marks without throwing (property)", async () => {
    const complexChar = fc.oneof(
      fc.integer({ min: 0x0900, max: 0x097f }), // Devanagari
      fc.integer({ min: 0xa8e0, max: 0xa8ff }), // Devanagari Extended
      fc.integer({ min: 0x0600, max: 0x06ff }), // Arabic
      fc.constantFrom(0x200c, 0x200d, 0x25cc, 0x20, 0x41, 0x31), // ZWNJ, ZWJ, dotted circle, Latin
    );
    await fc.assert(
      fc.asyncProperty(fc.array(complexChar, { maxLength: 24 }), async (codes) => {
        const name = String.fromCodePoint(...codes);
        const customer = { ...invoice().customer, name, addressLines: [name] };
        const bytes = await renderInvoicePdf(invoice({ customer }));
        expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it("sanitises without changing visible text, and is idempotent (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (input) => {
        const out = printable(input);
        expect(printable(out)).toBe(out);
        const controls = Array.from(out).filter((ch) => /^\p{Cc}$/u.test(ch));
        expect(controls).toEqual([]);
      }),
    );
    expect(printable("Łódź\t東京\nالعربية\u200F")).toBe("Łódź 東京 العربية");
  });
});
