import { PDFDict, PDFDocument, PDFName } from "pdf-lib";
import { extractText, extractTextItems, getDocumentProxy, getMeta } from "unpdf";

import type { InvoicePdfData, InvoicePdfLine } from "../../src/pdf";

export const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

export function line(overrides: Partial<InvoicePdfLine> = {}): InvoicePdfLine {
  return {
    description: "Pro plan (monthly)",
    quantity: 1,
    unitAmount: 3500,
    amount: 3500,
    periodStart: day("2025-03-01"),
    periodEnd: day("2025-03-31"),
    proration: false,
    ...overrides,
  };
}

/** A typical open USD invoice of $35.00; tests override what they are about. */
export function invoice(overrides: Partial<InvoicePdfData> = {}): InvoicePdfData {
  return {
    number: "INV-2025-0042",
    status: "OPEN",
    currency: "usd",
    issuedAt: day("2025-03-01"),
    dueAt: day("2025-03-31"),
    paidAt: null,
    periodStart: day("2025-03-01"),
    periodEnd: day("2025-03-31"),
    seller: {
      name: "SalesOS Inc.",
      addressLines: ["500 Market Street", "San Francisco, CA 94105"],
      email: "billing@salesos.example",
    },
    customer: {
      name: "Acme Corp",
      email: "ap@acme.example",
      addressLines: ["1 Main St", "Springfield"],
      taxId: "US-12-3456789",
    },
    lines: [line()],
    subtotal: 3500,
    discountAmount: 0,
    discountLabel: null,
    taxAmount: 0,
    taxLabel: null,
    total: 3500,
    amountPaid: 0,
    amountDue: 3500,
    creditNotes: [],
    ...overrides,
  };
}

/** pdf.js may take ownership of the buffer it is given, so each reader gets its own copy. */
export async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text, totalPages } = await extractText(pdf, { mergePages: true });
  return { text, pages: totalPages };
}

export async function pdfItems(bytes: Uint8Array) {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const size = (await pdf.getPage(1)).view;
  const { items } = await extractTextItems(pdf);
  return { items, pageWidth: size[2] ?? 0 };
}

export async function pdfInfo(bytes: Uint8Array): Promise<Record<string, unknown>> {
  const { info } = await getMeta(new Uint8Array(bytes));
  return info;
}

/** The names of the fonts a PDF embeds (one per font file and weight, subset tag left out), sorted. */
export async function pdfFonts(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  const names: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (object.get(PDFName.of("Subtype")) !== PDFName.of("Type0")) continue;
    const name = object.get(PDFName.of("BaseFont"));
    if (name instanceof PDFName) names.push(name.decodeText().replace(/^[A-Z]{6}\+/, ""));
  }
  return names.sort();
}
