import { describe, expect, it } from "vitest";

import { renderInvoicePdf } from "../../src/pdf";
import { cachedPdf, cachedPdfCount } from "../../src/pdf/cache";
import { invoice as invoiceFixture } from "./fixture";

describe("the PDF cache", () => {
  it("draws an unchanged invoice once; any change the document shows is drawn anew", async () => {
    let drawn = 0;
    const render = (data: Parameters<typeof renderInvoicePdf>[0]) => {
      drawn++;
      return renderInvoicePdf(data);
    };
    const data = invoiceFixture();
    const before = cachedPdfCount();
    const first = await cachedPdf(data, render);
    const again = await cachedPdf(structuredClone(data), render);
    expect(again).toBe(first);
    expect(drawn).toBe(1);
    const paid = await cachedPdf(
      { ...data, status: "PAID", amountDue: 0, amountPaid: data.total },
      render,
    );
    expect(drawn).toBe(2);
    expect(Buffer.from(paid).equals(Buffer.from(first))).toBe(false);
    expect(cachedPdfCount()).toBe(before + 2);
  });
});
