/**
 * Invoice lines say what they are (issue 14): the plan, the seats and the period in words, prorations as
 * "Unused time on …" / "Remaining time on …", and every invoice a description — the same in the API's
 * view, in the batched clock and the one-by-one clock, and on the PDF.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { advanceBilling, changePlan, getInvoice, renderInvoicePdfFor } from "../../src";
import { pdfText } from "../pdf/fixture";
import { createHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.database.close());

const start = new Date("2026-12-04T09:00:00Z");

async function invoicesOf(organizationId: string) {
  return h.db.invoice.findMany({
    where: { organizationId },
    include: { lines: { orderBy: { position: "asc" } } },
    orderBy: { createdAt: "asc" },
  });
}

describe("invoice wording", () => {
  it("checkout, proration and renewal lines name the plan, the seats and the period; invoices say what they are", async () => {
    const actor = await h.newOrganization("Wording");
    const subscriptionId = await h.subscribe(actor, { plan: "starter", quantity: 1, now: start });
    const professional = await h.plan("professional");
    const midway = new Date("2026-12-16T09:00:00Z");
    await changePlan(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: professional.id, quantity: 3 },
      now: midway,
    });
    await advanceBilling(h.deps, { now: new Date("2027-01-04T10:00:00Z") });

    const [checkout, change, renewal] = await invoicesOf(actor.organizationId);
    expect(checkout!.lines.map((l) => l.description)).toEqual(["Starter, 1 seat, Dec 4 – Jan 4"]);
    expect(change!.lines.map((l) => l.description)).toEqual([
      "Unused time on Starter, 1 seat, Dec 16 – Jan 4",
      "Remaining time on Professional, 3 seats, Dec 16 – Jan 4",
    ]);
    expect(renewal!.lines.map((l) => l.description)).toEqual([
      "Professional, 3 seats, Jan 4 – Feb 4",
    ]);

    const described = await Promise.all(
      [checkout!, change!, renewal!].map(
        async (i) => (await getInvoice(h.deps, { actor, invoiceId: i.id })).description,
      ),
    );
    expect(described).toEqual([
      "New subscription, Dec 4 – Jan 4",
      "Plan change, prorated, Dec 16 – Jan 4",
      "Renewal, Jan 4 – Feb 4",
    ]);

    // The PDF prints the same words as the API.
    const pdf = await renderInvoicePdfFor(h.deps, { actor, invoiceId: change!.id });
    const { text } = await pdfText(pdf.bytes);
    expect(text).toContain("Plan change, prorated, Dec 16 – Jan 4");
    expect(text).toContain("Remaining time on Professional, 3 seats");
  });

  it("a yearly period shows its years; the one-by-one clock writes what the batches write", async () => {
    const actor = await h.newOrganization("Wording Yearly");
    await h.subscribe(actor, { plan: "starter", cycle: "yearly", quantity: 2, now: start });
    await advanceBilling(h.deps, { now: new Date("2027-12-04T10:00:00Z"), oneByOne: true });
    const [first, renewal] = await invoicesOf(actor.organizationId);
    expect(first!.lines[0]!.description).toBe("Starter, 2 seats, Dec 4, 2026 – Dec 4, 2027");
    expect(renewal!.lines[0]!.description).toBe("Starter, 2 seats, Dec 4, 2027 – Dec 4, 2028");
  });
});
