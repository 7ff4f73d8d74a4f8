import { describe, expect, it } from "vitest";

import { renderInvoicePdf } from "../../src/pdf";
import { day, invoice, line, pdfInfo, pdfItems, pdfText } from "./fixture";

/** Extracted text with every whitespace run as one space: pdf.js may give U+00A0 or line breaks. */
const spaced = (text: string) => text.replace(/\s+/g, " ");

describe("renderInvoicePdf", () => {
  it("renders a PDF that unpdf reads back, with the number, customer, total and amount due", async () => {
    const bytes = await renderInvoicePdf(invoice());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    const { text, pages } = await pdfText(bytes);
    expect(pages).toBe(1);
    for (const expected of [
      "Invoice",
      "INV-2025-0042",
      "OPEN",
      "Acme Corp",
      "$35.00",
      "Amount due",
    ])
      expect(text).toContain(expected);
    for (const expected of ["Bill to", "Tax ID: US-12-3456789", "Issued", "Mar 1, 2025", "Due"])
      expect(text).toContain(expected);
    expect(text).toContain("Page 1 of 1");
  });

  it("sets the document title and creator", async () => {
    const info = await pdfInfo(await renderInvoicePdf(invoice()));
    expect(info.Title).toBe("Invoice INV-2025-0042");
    expect(info.Creator).toBe("SalesOS Billing");
  });

  it("draws markup in user text literally, never interpreting it", async () => {
    const name = "<script>alert(1)</script> & </div>";
    const bytes = await renderInvoicePdf(
      invoice({
        customer: { ...invoice().customer, name },
        lines: [line({ description: "Setup </div><b>fee</b> & more" })],
      }),
    );
    const { text } = await pdfText(bytes);
    expect(text).toContain(name);
    expect(text).toContain("Setup </div><b>fee</b> & more");
  });

  it("draws text in any script as typed; what no font has becomes one U+FFFD, control characters go", async () => {
    const bytes = await renderInvoicePdf(
      invoice({
        customer: { ...invoice().customer, name: "Zoë Müller – €" },
        lines: [line({ description: "Launch 🚀 你好 bell\u0007done" })],
      }),
    );
    const { text } = await pdfText(bytes);
    expect(text).toContain("Zoë Müller – €");
    expect(text).toContain("Launch \uFFFD 你好 belldone");
    expect(text).not.toContain("\u0007");
    expect(text).not.toContain("?");
  });

  it("marks prorated lines and shows their period", async () => {
    const prorated = line({
      description: "Remaining time on Pro",
      periodStart: day("2025-03-15"),
      periodEnd: day("2025-03-31"),
      proration: true,
    });
    const { text } = await pdfText(await renderInvoicePdf(invoice({ lines: [prorated] })));
    expect(text).toContain("Mar 15, 2025 – Mar 31, 2025 (prorated)");
  });

  it("lists the credit notes that correct the invoice, with what was refunded and credited", async () => {
    const data = invoice({
      status: "PAID",
      subtotal: 9999,
      taxAmount: 1900,
      taxLabel: "USt (19%)",
      total: 11899,
      amountPaid: 11899,
      amountDue: 0,
      creditNotes: [
        {
          number: "ACME-CN-000001",
          issuedAt: new Date("2026-04-16T00:00:00Z"),
          reason: "Plan change",
          total: 4165,
          refundAmount: 0,
          creditAmount: 4165,
        },
        {
          number: "ACME-CN-000002",
          issuedAt: new Date("2026-04-20T00:00:00Z"),
          reason: "Cancellation <b>",
          total: 1000,
          refundAmount: 1000,
          creditAmount: 0,
        },
      ],
    });
    const text = spaced((await pdfText(await renderInvoicePdf(data))).text);
    for (const expected of [
      "Credit notes",
      "ACME-CN-000001 · 2026-04-16 · Plan change",
      "-$41.65",
      "ACME-CN-000002 · 2026-04-20 · Cancellation <b>",
      "-$10.00",
      "Refunded to card",
      "Credited to balance",
      "Total after credit notes",
      "$67.34",
    ])
      expect(text).toContain(expected);
    const plain = spaced((await pdfText(await renderInvoicePdf(invoice()))).text);
    expect(plain).not.toContain("Credit notes");
  });

  it("shows the discount as negative and the tax, each with its label", async () => {
    const data = invoice({
      subtotal: 10000,
      discountAmount: 1000,
      discountLabel: "SPRING10",
      taxAmount: 1800,
      taxLabel: "VAT 20%",
      total: 10800,
      amountPaid: 800,
      amountDue: 10000,
    });
    const text = spaced((await pdfText(await renderInvoicePdf(data))).text);
    expect(text).toContain("Discount (SPRING10)");
    expect(text).toContain("-$10.00");
    expect(text).toContain("Tax (VAT 20%)");
    for (const expected of ["Subtotal", "$100.00", "Total", "$108.00", "Amount paid", "$8.00"])
      expect(text).toContain(expected);
  });

  it("flows 60 lines onto further pages, repeating the table header, with every line present", async () => {
    const lines = Array.from({ length: 60 }, (_, i) =>
      line({ description: `Widget #${String(i + 1).padStart(2, "0")} seat licence` }),
    );
    const { text, pages } = await pdfText(await renderInvoicePdf(invoice({ lines })));
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let i = 1; i <= 60; i++)
      expect(text).toContain(`Widget #${String(i).padStart(2, "0")} seat licence`);
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text.split("Unit price").length - 1).toBe(pages);
  });

  it("formats zero- and three-decimal currencies with their own precision", async () => {
    const yen = invoice({ currency: "jpy", lines: [line({ unitAmount: 3500, amount: 3500 })] });
    const jpy = spaced((await pdfText(await renderInvoicePdf(yen))).text);
    expect(jpy).toContain("¥3,500");
    expect(jpy).not.toContain("¥3,500.");

    const dinar = invoice({
      currency: "kwd",
      lines: [line({ unitAmount: 12345, amount: 12345 })],
      subtotal: 12345,
      total: 12345,
      amountDue: 12345,
    });
    const kwd = spaced((await pdfText(await renderInvoicePdf(dinar))).text);
    expect(kwd).toContain("KWD 12.345");
  });

  it("keeps long text inside its column and the page, cutting it with an ellipsis", async () => {
    const long = "x".repeat(5000);
    const bytes = await renderInvoicePdf(
      invoice({
        customer: { ...invoice().customer, name: `Very ${"long ".repeat(200)}name` },
        lines: [line({ description: long }), line({ description: `words ${"and ".repeat(400)}` })],
        total: 999_999_999_999,
      }),
    );
    const { items, pageWidth } = await pdfItems(bytes);
    const all = items.flat();
    expect(all.some((item) => item.str.endsWith("…"))).toBe(true);
    for (const item of all) {
      expect(item.x).toBeGreaterThanOrEqual(50 - 0.5);
      expect(item.x + item.width).toBeLessThanOrEqual(pageWidth - 50 + 0.5);
    }
    // Descriptions start where the "Description" heading does and end before the Qty column.
    const heading = all.find((item) => item.str === "Description")!;
    const qty = all.find((item) => item.str === "Qty")!;
    const descriptions = all.filter((item) => Math.abs(item.x - heading.x) < 0.5);
    expect(descriptions.length).toBeGreaterThan(2);
    for (const item of descriptions) expect(item.x + item.width).toBeLessThan(qty.x);
    expect(items).toHaveLength(1);
  });

  it("renders drafts without dates and invoices without lines", async () => {
    const draft = invoice({ status: "DRAFT", issuedAt: null, dueAt: null, lines: [] });
    const { text } = await pdfText(await renderInvoicePdf(draft));
    expect(text).toContain("DRAFT");
    expect(text).toContain("No line items");
    expect(text).not.toContain("Issued");
  });

  it("is cheap: twenty typical invoices render in one test", async () => {
    const data = invoice({ lines: Array.from({ length: 8 }, () => line()) });
    for (let i = 0; i < 20; i++) {
      const bytes = await renderInvoicePdf({ ...data, number: `INV-${i}` });
      expect(bytes.length).toBeGreaterThan(1000);
    }
  });
});
