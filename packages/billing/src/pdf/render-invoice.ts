import { PDFDocument } from "pdf-lib";

import { sourcesFor, type FontSource, type Weight } from "./fonts/catalog";
import { loadFaces } from "./fonts/faces";
import { DocumentFonts } from "./fonts/stack";
import { drawContinuationHeader, drawHeader, drawParties } from "./header";
import { Canvas } from "./layout";
import { drawLineItems } from "./table";
import { drawCreditNotes, drawTotals } from "./totals";
import type { InvoicePdfData } from "./types";

/**
 * Laying out again after loading fonts changes widths, not characters, so one more pass finds nothing
 * new; the cap only guards against a font whose declared range promised a glyph it lacks.
 */
const MAX_PASSES = 4;

/** Noto Sans's Latin slice in both weights: every invoice's headings and numbers use it. */
function latinFaces(): (readonly [FontSource, Weight])[] {
  const [latin] = sourcesFor("a".codePointAt(0) ?? 0, []);
  if (latin === undefined) throw new Error("No font covers Latin text");
  return [
    [latin, 400],
    [latin, 700],
  ];
}

async function draw(data: InvoicePdfData, fonts: DocumentFonts) {
  const doc = await PDFDocument.create();
  // Metadata strings are stored as UTF-16, so they take the number unsanitised.
  doc.setTitle(`Invoice ${data.number}`, { showInWindowTitleBar: true });
  doc.setCreator("SalesOS Billing");
  doc.setProducer("SalesOS Billing");
  doc.setLanguage("en-US");

  const canvas = new Canvas(doc, { regular: fonts.stack(400), bold: fonts.stack(700) });
  const pageHeader = (c: Canvas) => drawContinuationHeader(c, data);
  canvas.onNewPage = pageHeader;

  drawHeader(canvas, data);
  drawParties(canvas, data);
  drawLineItems(canvas, data, pageHeader);
  drawTotals(canvas, data);
  drawCreditNotes(canvas, data);
  canvas.drawFooters(`${data.seller.name} · Invoice ${data.number}`);
  return { doc, canvas };
}

/**
 * Draws the invoice as a PDF with embedded Noto fonts, so names and addresses print as typed in any
 * script they support (Latin, Greek, Cyrillic, Chinese, Japanese, Korean, Arabic), subset to the
 * glyphs used. No browser, network or system font is involved, and user text is only ever shown as text.
 */
export async function renderInvoicePdf(data: InvoicePdfData): Promise<Uint8Array> {
  const sample = JSON.stringify(data);
  await loadFaces(latinFaces());
  for (let pass = 1; ; pass++) {
    const fonts = new DocumentFonts(sample);
    const { doc, canvas } = await draw(data, fonts);
    if (fonts.missing.size > 0 && pass < MAX_PASSES) {
      await loadFaces(fonts.missing.values());
      continue;
    }
    await canvas.flush(fonts);
    return doc.save();
  }
}
