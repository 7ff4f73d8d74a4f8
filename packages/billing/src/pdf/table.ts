import { formatPeriod, formatQuantity, money } from "./format";
import { COLORS, CONTENT_WIDTH, LEFT, RIGHT, type Canvas } from "./layout";
import { fitSize, truncate, wrap } from "./text";
import type { InvoicePdfData, InvoicePdfLine } from "./types";

const PAD = 8;
const GAP = 12;
const QTY_WIDTH = 40;
const MONEY_WIDTH = 88;
const AMOUNT_RIGHT = RIGHT - PAD;
const UNIT_RIGHT = AMOUNT_RIGHT - MONEY_WIDTH - GAP;
const QTY_RIGHT = UNIT_RIGHT - MONEY_WIDTH - GAP;
const DESCRIPTION_WIDTH = QTY_RIGHT - QTY_WIDTH - GAP - (LEFT + PAD);

const SIZE = 9.5;
const LINE_HEIGHT = 12.5;
const NOTE_SIZE = 8.5;
const NOTE_HEIGHT = 11;
/** A description longer than this many lines is cut with "…": a row must always fit on a page. */
const MAX_DESCRIPTION_LINES = 6;
const HEADER_HEIGHT = 22;
const ROW_PADDING = 7;

function drawTableHeader(canvas: Canvas): void {
  const top = canvas.y;
  canvas.rect(LEFT, top - HEADER_HEIGHT, CONTENT_WIDTH, HEADER_HEIGHT, COLORS.fill);
  const baseline = top - HEADER_HEIGHT + 7.5;
  const style = { bold: true, size: 8, color: COLORS.muted };
  canvas.text("Description", LEFT + PAD, baseline, style);
  canvas.text("Qty", QTY_RIGHT, baseline, { ...style, align: "right" });
  canvas.text("Unit price", UNIT_RIGHT, baseline, { ...style, align: "right" });
  canvas.text("Amount", AMOUNT_RIGHT, baseline, { ...style, align: "right" });
  canvas.y = top - HEADER_HEIGHT;
}

/** A number right-aligned in its column: shrunk if wide, cut only as a last resort. */
function drawNumber(canvas: Canvas, text: string, right: number, width: number, y: number): void {
  const font = canvas.fonts.regular;
  const size = fitSize(text, font, SIZE, width, 6.5);
  canvas.text(truncate(text, font, size, width), right, y, { size, align: "right" });
}

function noteFor(line: InvoicePdfLine): string | null {
  const period = formatPeriod(line.periodStart, line.periodEnd);
  if (line.proration) return period === null ? "(prorated)" : `${period} (prorated)`;
  return period;
}

function drawRow(canvas: Canvas, line: InvoicePdfLine, currency: string): void {
  const { regular } = canvas.fonts;
  const description = wrap(
    line.description,
    regular,
    SIZE,
    DESCRIPTION_WIDTH,
    MAX_DESCRIPTION_LINES,
  );
  if (description.length === 0) description.push("—");
  const note = noteFor(line);
  const notes = note === null ? [] : wrap(note, regular, NOTE_SIZE, DESCRIPTION_WIDTH, 2);
  const height =
    ROW_PADDING * 2 + description.length * LINE_HEIGHT + notes.length * NOTE_HEIGHT - 2.5;
  canvas.ensure(height);

  const firstBaseline = canvas.y - ROW_PADDING - 9;
  let y = firstBaseline;
  for (const text of description) {
    canvas.text(text, LEFT + PAD, y);
    y -= LINE_HEIGHT;
  }
  y += LINE_HEIGHT - NOTE_HEIGHT;
  for (const text of notes) {
    canvas.text(text, LEFT + PAD, y, { size: NOTE_SIZE, color: COLORS.muted });
    y -= NOTE_HEIGHT;
  }
  drawNumber(canvas, formatQuantity(line.quantity), QTY_RIGHT, QTY_WIDTH, firstBaseline);
  drawNumber(canvas, money(line.unitAmount, currency), UNIT_RIGHT, MONEY_WIDTH, firstBaseline);
  drawNumber(canvas, money(line.amount, currency), AMOUNT_RIGHT, MONEY_WIDTH, firstBaseline);

  canvas.y -= height;
  canvas.rule(canvas.y);
}

/** The line items; rows flow onto new pages, each starting with the column headings again. */
export function drawLineItems(
  canvas: Canvas,
  data: InvoicePdfData,
  pageHeader: (canvas: Canvas) => void,
): void {
  // Heading plus one row, so the heading is never alone at the bottom of a page.
  canvas.ensure(HEADER_HEIGHT + 40);
  drawTableHeader(canvas);
  canvas.onNewPage = (c) => {
    pageHeader(c);
    drawTableHeader(c);
  };
  if (data.lines.length === 0) {
    canvas.text("No line items", LEFT + PAD, canvas.y - ROW_PADDING - 9, { color: COLORS.muted });
    canvas.y -= ROW_PADDING * 2 + LINE_HEIGHT;
    canvas.rule(canvas.y);
  }
  for (const line of data.lines) drawRow(canvas, line, data.currency);
  canvas.onNewPage = pageHeader;
}
