import { money } from "./format";
import { COLORS, RIGHT, type Canvas } from "./layout";
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
