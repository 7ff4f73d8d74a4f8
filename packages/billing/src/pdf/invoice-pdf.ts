// The public surface of the invoice PDF, so callers need not know how the renderer is split up.
export type { InvoicePdfData, InvoicePdfLine, InvoicePdfStatus } from "./types";
export { renderInvoicePdf } from "./render-invoice";
export { toWinAnsi } from "./winansi";
