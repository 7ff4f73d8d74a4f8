import { PDFDocument, StandardFonts } from "pdf-lib";

import { drawContinuationHeader, drawHeader, drawParties } from "./header";
import { Canvas } from "./layout";
import { drawLineItems } from "./table";
import { drawCreditNotes, drawTotals } from "./totals";
import type { InvoicePdfData } from "./types";

/**
 * Draws the invoice as a PDF. Everything is drawn with the built-in Helvetica, so rendering needs no
 * font files, browser or network, and user text can only ever be shown as text, never interpreted.
 */
export async function renderInvoicePdf(data: InvoicePdfData): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  // Metadata strings are stored as UTF-16, so they take the number unsanitised.
  doc.setTitle(`Invoice ${data.number}`, { showInWindowTitleBar: true });
  doc.setCreator("SalesOS Billing");
  doc.setProducer("SalesOS Billing");
  doc.setLanguage("en-US");

  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  };
  const canvas = new Canvas(doc, fonts);
  const pageHeader = (c: Canvas) => drawContinuationHeader(c, data);
  canvas.onNewPage = pageHeader;

  drawHeader(canvas, data);
  drawParties(canvas, data);
  drawLineItems(canvas, data, pageHeader);
  drawTotals(canvas, data);
  drawCreditNotes(canvas, data);
  canvas.drawFooters(`${data.seller.name} · Invoice ${data.number}`);

  return doc.save();
}
