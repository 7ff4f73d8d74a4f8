import { PageSizes, rgb, type PDFDocument, type PDFPage, type RGB } from "pdf-lib";

import type { DocumentFonts, FontStack, Run } from "./fonts/stack";
import { printable } from "./printable";
import { truncate } from "./text";

export const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4;
export const MARGIN = 50;
export const LEFT = MARGIN;
export const RIGHT = PAGE_WIDTH - MARGIN;
export const CONTENT_WIDTH = RIGHT - LEFT;
/** Space kept free above the bottom margin for the page footer. */
const FOOTER_SPACE = 24;

export const COLORS = {
  text: rgb(0.11, 0.12, 0.15),
  muted: rgb(0.42, 0.45, 0.5),
  rule: rgb(0.86, 0.88, 0.91),
  strongRule: rgb(0.62, 0.65, 0.7),
  fill: rgb(0.96, 0.97, 0.98),
};

export interface Fonts {
  regular: FontStack;
  bold: FontStack;
}

/** A line of text laid out but not drawn yet (see `Canvas.text`). */
interface TextOp {
  page: PDFPage;
  x: number;
  y: number;
  size: number;
  color: RGB;
  runs: Run[];
}

export interface TextStyle {
  bold?: boolean;
  size?: number;
  color?: RGB;
  /** "right" means `x` is the right edge of the text. */
  align?: "left" | "right";
}

/**
 * A cursor over the document's pages: sections draw at `y` and move it down, and `ensure` starts a
 * new page when a block would not fit, so no section needs to know about pagination.
 */
export class Canvas {
  readonly pages: PDFPage[] = [];
  page: PDFPage;
  y = 0;
  /** Drawn at the top of each page after the first (continuation title, repeated table header). */
  onNewPage: ((canvas: Canvas) => void) | null = null;
  /**
   * Text is laid out at once but drawn by `flush`: only then is it known which fonts the document
   * uses, and only those are embedded. Text never sits under a shape, so drawing it last is the same.
   */
  private readonly textOps: TextOp[] = [];

  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: Fonts,
  ) {
    this.page = this.addPage();
  }

  private addPage(): PDFPage {
    const page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.pages.push(page);
    this.y = PAGE_HEIGHT - MARGIN;
    return page;
  }

  newPage(): void {
    this.page = this.addPage();
    this.onNewPage?.(this);
  }

  /** The lowest y content may reach on a page. */
  get bottom(): number {
    return MARGIN + FOOTER_SPACE;
  }

  /** Starts a new page unless `height` more points fit below the cursor. */
  ensure(height: number): void {
    if (this.y - height < this.bottom) this.newPage();
  }

  font(bold = false): FontStack {
    return bold ? this.fonts.bold : this.fonts.regular;
  }

  /** Lays out one line at baseline `y` and returns its width. Sanitised here too, so a caller's slip cannot throw. */
  text(text: string, x: number, y: number, style: TextStyle = {}, page = this.page): number {
    const safe = printable(text);
    if (safe === "") return 0;
    const size = style.size ?? 9.5;
    const runs = this.font(style.bold).runs(safe);
    const width = (runs.reduce((sum, run) => sum + run.width, 0) * size) / 1000;
    const left = style.align === "right" ? x - width : x;
    this.textOps.push({ page, x: left, y, size, color: style.color ?? COLORS.text, runs });
    return width;
  }

  /** Embeds the fonts the laid-out text uses and draws it, run after run. */
  async flush(fonts: DocumentFonts): Promise<void> {
    const faces = this.textOps.flatMap((op) => op.runs.map((run) => run.face));
    const embedded = await fonts.embed(this.doc, faces);
    for (const { page, x, y, size, color, runs } of this.textOps) {
      let at = x;
      for (const run of runs) {
        const font = embedded.get(run.face);
        if (font !== undefined) page.drawText(run.text, { x: at, y, size, font, color });
        at += (run.width * size) / 1000;
      }
    }
    this.textOps.length = 0;
  }

  rule(y: number, from = LEFT, to = RIGHT, color = COLORS.rule, thickness = 0.6): void {
    this.page.drawLine({ start: { x: from, y }, end: { x: to, y }, thickness, color });
  }

  rect(x: number, y: number, width: number, height: number, color: RGB, borderColor?: RGB): void {
    this.page.drawRectangle({
      x,
      y,
      width,
      height,
      color,
      borderColor,
      borderWidth: borderColor ? 0.6 : 0,
    });
  }

  /** Footer on every page, drawn last because "of N" is only known once all pages exist. */
  drawFooters(left: string): void {
    const y = MARGIN;
    this.pages.forEach((page, index) => {
      page.drawLine({
        start: { x: LEFT, y: y + 12 },
        end: { x: RIGHT, y: y + 12 },
        thickness: 0.6,
        color: COLORS.rule,
      });
      const style = { size: 8, color: COLORS.muted };
      const pageText = `Page ${index + 1} of ${this.pages.length}`;
      const pageWidth = this.text(pageText, RIGHT, y, { ...style, align: "right" }, page);
      // Left text must never run into the page number.
      const room = CONTENT_WIDTH - pageWidth - 24;
      this.text(truncate(left, this.fonts.regular, 8, room), LEFT, y, style, page);
    });
  }
}
