import { money } from "./format";
import { COLORS, LEFT, RIGHT, type Canvas } from "./layout";
import { clean, fitSize, truncate } from "./text";
import type { InvoicePdfData } from "./types";

const WIDTH = 280;
const PAD = 8;
const VALUE_WIDTH = 100;
const LABEL_WIDTH = WIDTH - VALUE_WIDTH - PAD * 2 - 10;
const X = RIGHT - WIDTH;

interface Row {
  label: string;
  amount: number;
  strong?: boolean;
  /** A rule is drawn above this row, separating sums from their parts. */
  ruleAbove?: boolean;
}

function labelled(name: string, label: string | null): string {
  const text = label === null ? "" : clean(label);
  return text === "" ? name : `${name} (${text})`;
}

function rowsFor(data: InvoicePdfData): Row[] {
  const rows: Row[] = [{ label: "Subtotal", amount: data.subtotal }];
  if (data.discountAmount !== 0 || data.discountLabel !== null) {
    // A discount always reads as a reduction, whichever sign the caller stored it with.
    rows.push({
      label: labelled("Discount", data.discountLabel),
      amount: -Math.abs(data.discountAmount),
    });
  }
  if (data.taxAmount !== 0 || data.taxLabel !== null) {
    rows.push({ label: labelled("Tax", data.taxLabel), amount: data.taxAmount });
  }
  rows.push(
    { label: "Total", amount: data.total, strong: true, ruleAbove: true },
    { label: "Amount paid", amount: data.amountPaid },
    { label: "Amount due", amount: data.amountDue, strong: true },
  );
  return rows;
}

const ROW_HEIGHT = 18;

/** The totals, right-aligned under the table and kept together on one page. */
export function drawTotals(canvas: Canvas, data: InvoicePdfData): void {
  const rows = rowsFor(data);
  const last = rows.length - 1;
  canvas.ensure(rows.length * ROW_HEIGHT + 30);
  canvas.y -= 8;

  rows.forEach((row, index) => {
    const isDue = index === last;
    if (row.ruleAbove === true) {
      canvas.y -= 3;
      canvas.rule(canvas.y, X, RIGHT, COLORS.strongRule);
      canvas.y -= 3;
    }
    const height = isDue ? ROW_HEIGHT + 8 : ROW_HEIGHT;
    // A tint behind "Amount due" makes the one number the reader acts on easy to find.
    if (isDue) canvas.rect(X, canvas.y - height, WIDTH, height, COLORS.fill);
    const size = isDue ? 11.5 : 9.5;
    const baseline = canvas.y - height + (isDue ? 9 : 5);
    const font = canvas.font(row.strong);
    canvas.text(truncate(row.label, font, size, LABEL_WIDTH), X + PAD, baseline, {
      bold: row.strong,
      size,
      color: row.strong === true ? COLORS.text : COLORS.muted,
    });
    const value = money(row.amount, data.currency);
    const valueSize = fitSize(value, font, size, VALUE_WIDTH, 6.5);
    canvas.text(truncate(value, font, valueSize, VALUE_WIDTH), RIGHT - PAD, baseline, {
      bold: row.strong,
      size: valueSize,
      align: "right",
    });
    canvas.y -= height;
  });
}

function creditNoteRows(data: InvoicePdfData): Row[] {
  const rows: Row[] = data.creditNotes.map((note) => ({
    label: `${clean(note.number)} · ${note.issuedAt.toISOString().slice(0, 10)} · ${clean(note.reason)}`,
    amount: -note.total,
  }));
  const credited = data.creditNotes.reduce((sum, note) => sum + note.total, 0);
  const refunded = data.creditNotes.reduce((sum, note) => sum + note.refundAmount, 0);
  rows.push(
    { label: "Refunded to card", amount: refunded },
    { label: "Credited to balance", amount: credited - refunded },
    {
      label: "Total after credit notes",
      amount: data.total - credited,
      strong: true,
      ruleAbove: true,
    },
  );
  return rows;
}

const NOTES_X = LEFT;
const NOTES_LABEL_WIDTH = RIGHT - LEFT - VALUE_WIDTH - PAD * 2 - 10;

/** The credit notes that correct this invoice, full width under its totals (nothing when none). */
export function drawCreditNotes(canvas: Canvas, data: InvoicePdfData): void {
  if (data.creditNotes.length === 0) return;
  const rows = creditNoteRows(data);
  canvas.ensure(rows.length * ROW_HEIGHT + 40);
  canvas.y -= 14;
  canvas.text("Credit notes", NOTES_X + PAD, canvas.y - 10, { bold: true, size: 10.5 });
  canvas.y -= 16;
  for (const row of rows) {
    if (row.ruleAbove === true) {
      canvas.y -= 3;
      canvas.rule(canvas.y, NOTES_X, RIGHT, COLORS.strongRule);
      canvas.y -= 3;
    }
    const font = canvas.font(row.strong);
    const baseline = canvas.y - ROW_HEIGHT + 5;
    canvas.text(truncate(row.label, font, 9.5, NOTES_LABEL_WIDTH), NOTES_X + PAD, baseline, {
      bold: row.strong,
      size: 9.5,
      color: row.strong === true ? COLORS.text : COLORS.muted,
    });
    const value = money(row.amount, data.currency);
    const valueSize = fitSize(value, font, 9.5, VALUE_WIDTH, 6.5);
    canvas.text(truncate(value, font, valueSize, VALUE_WIDTH), RIGHT - PAD, baseline, {
      bold: row.strong,
      size: valueSize,
      align: "right",
    });
    canvas.y -= ROW_HEIGHT;
  }
}
