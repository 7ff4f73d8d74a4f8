import { rgb, type RGB } from "pdf-lib";

import { formatDate, formatPeriod } from "./format";
import { COLORS, CONTENT_WIDTH, LEFT, RIGHT, type Canvas } from "./layout";
import { clean, measure, truncate, wrap } from "./text";
import type { InvoicePdfData, InvoicePdfStatus } from "./types";

const BADGES: Record<InvoicePdfStatus, { text: RGB; fill: RGB }> = {
  DRAFT: { text: rgb(0.4, 0.42, 0.47), fill: rgb(0.93, 0.94, 0.95) },
  OPEN: { text: rgb(0.11, 0.36, 0.75), fill: rgb(0.91, 0.94, 0.99) },
  PAID: { text: rgb(0.08, 0.46, 0.25), fill: rgb(0.9, 0.97, 0.92) },
  VOID: { text: rgb(0.3, 0.32, 0.36), fill: rgb(0.9, 0.91, 0.92) },
  UNCOLLECTIBLE: { text: rgb(0.7, 0.15, 0.15), fill: rgb(0.99, 0.92, 0.92) },
};

/** Address blocks are capped so a pathological address cannot push the table off the first page. */
const MAX_ADDRESS_LINES = 6;
const SELLER_WIDTH = 230;
const COLUMN_GAP = 40;
const DETAILS_X = LEFT + CONTENT_WIDTH * 0.56;

/** Address lines, dropping blank ones and marking with "…" that some were left out. */
function addressLines(lines: string[]): string[] {
  const kept = lines.map(clean).filter((line) => line !== "");
  if (kept.length <= MAX_ADDRESS_LINES) return kept;
  const shown = kept.slice(0, MAX_ADDRESS_LINES);
  shown[MAX_ADDRESS_LINES - 1] = `${shown[MAX_ADDRESS_LINES - 1] ?? ""} …`;
  return shown;
}

/** Title, number and status on the left, the seller on the right. */
export function drawHeader(canvas: Canvas, data: InvoicePdfData): void {
  const top = canvas.y;
  const { bold, regular } = canvas.fonts;

  const titleBaseline = top - 22;
  const titleWidth = canvas.text("Invoice", LEFT, titleBaseline, { bold: true, size: 24 });
  const badge = BADGES[data.status];
  const badgeWidth = measure(data.status, bold, 7.5) + 14;
  canvas.rect(LEFT + titleWidth + 12, titleBaseline + 1, badgeWidth, 15, badge.fill);
  canvas.text(data.status, LEFT + titleWidth + 19, titleBaseline + 5.6, {
    bold: true,
    size: 7.5,
    color: badge.text,
  });
  const leftWidth = CONTENT_WIDTH - SELLER_WIDTH - COLUMN_GAP;
  const numberBaseline = titleBaseline - 20;
  canvas.text(truncate(data.number, regular, 11, leftWidth), LEFT, numberBaseline, {
    size: 11,
    color: COLORS.muted,
  });
  let leftBottom = numberBaseline;
  // Wrapped, not cut: a proration invoice's description is the only place saying it is a plan change.
  for (const line of data.description ? wrap(data.description, regular, 10, leftWidth, 2) : []) {
    leftBottom -= 13;
    canvas.text(line, LEFT, leftBottom, { size: 10 });
  }

  let y = top - 10;
  canvas.text(truncate(data.seller.name, bold, 11, SELLER_WIDTH), RIGHT, y, {
    bold: true,
    size: 11,
    align: "right",
  });
  const sellerLines = [...addressLines(data.seller.addressLines), clean(data.seller.email)];
  for (const line of sellerLines.filter((l) => l !== "")) {
    y -= 12.5;
    canvas.text(truncate(line, regular, 9, SELLER_WIDTH), RIGHT, y, {
      size: 9,
      color: COLORS.muted,
      align: "right",
    });
  }

  canvas.y = Math.min(leftBottom, y) - 18;
  canvas.rule(canvas.y);
  canvas.y -= 24;
}

function label(canvas: Canvas, text: string, x: number, y: number): void {
  canvas.text(text, x, y, { bold: true, size: 8, color: COLORS.muted });
}

/** "Bill to" on the left, the invoice dates on the right. */
export function drawParties(canvas: Canvas, data: InvoicePdfData): void {
  const top = canvas.y;
  const { bold, regular } = canvas.fonts;
  const billWidth = DETAILS_X - LEFT - COLUMN_GAP;

  label(canvas, "Bill to", LEFT, top);
  let y = top - 4;
  for (const line of wrap(data.customer.name, bold, 10.5, billWidth, 2)) {
    y -= 14;
    canvas.text(line, LEFT, y, { bold: true, size: 10.5 });
  }
  const taxId = data.customer.taxId === null ? "" : clean(data.customer.taxId);
  const details = [
    clean(data.customer.email),
    ...addressLines(data.customer.addressLines),
    taxId === "" ? "" : `Tax ID: ${taxId}`,
  ];
  for (const line of details.filter((l) => l !== "")) {
    y -= 13;
    canvas.text(truncate(line, regular, 9.5, billWidth), LEFT, y);
  }

  label(canvas, "Details", DETAILS_X, top);
  let dy = top - 4;
  const dates: [string, string | null][] = [
    ["Issued", data.issuedAt && formatDate(data.issuedAt)],
    ["Due", data.dueAt && formatDate(data.dueAt)],
    ["Paid", data.paidAt && formatDate(data.paidAt)],
    ["Period", formatPeriod(data.periodStart, data.periodEnd)],
  ];
  for (const [name, value] of dates) {
    if (value === null) continue;
    dy -= 14;
    const labelWidth = canvas.text(name, DETAILS_X, dy, { color: COLORS.muted });
    const room = RIGHT - DETAILS_X - labelWidth - 10;
    canvas.text(truncate(value, regular, 9.5, room), RIGHT, dy, { align: "right" });
  }

  canvas.y = Math.min(y, dy) - 26;
}

/** Top of every later page: which invoice this is, so a loose page can be placed. */
export function drawContinuationHeader(canvas: Canvas, data: InvoicePdfData): void {
  const { bold, regular } = canvas.fonts;
  const y = canvas.y - 10;
  const sellerWidth = canvas.text(truncate(data.seller.name, regular, 9, SELLER_WIDTH), RIGHT, y, {
    size: 9,
    color: COLORS.muted,
    align: "right",
  });
  const title = truncate(`Invoice ${data.number}`, bold, 11, CONTENT_WIDTH - sellerWidth - 24);
  canvas.text(title, LEFT, y, { bold: true, size: 11 });
  canvas.y = y - 14;
  canvas.rule(canvas.y);
  canvas.y -= 18;
}
