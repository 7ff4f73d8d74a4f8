export {
  renderInvoicePdf,
  toWinAnsi,
  type InvoicePdfData,
  type InvoicePdfLine,
  type InvoicePdfStatus,
} from "./invoice-pdf";
