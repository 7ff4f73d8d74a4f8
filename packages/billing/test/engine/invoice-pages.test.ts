import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { InvoiceStatus } from "@salesos/db";

import {
  addPaymentMethod,
  advanceBilling,
  createCreditNote,
  encodeCursor,
  listInvoices,
  payInvoice,
  setDefaultPaymentMethod,
  staffActor,
  voidInvoice,
  type BillingActor,
  type InvoiceListQuery,
  type InvoicePage,
} from "../../src";
import { toInvoiceView } from "../../src/views";
import { CARDS, createHarness, type Harness } from "./harness";

let h: Harness;
let actor: BillingActor;
const at = new Date("2026-04-01T00:00:00Z");

beforeAll(async () => {
  h = await createHarness();
  actor = await h.newOrganization("Many Invoices");
  await h.subscribe(actor, { plan: "starter", now: at });
  const customer = await h.db.billingCustomer.findFirstOrThrow({
    where: { organizationId: actor.organizationId },
  });
  // 24 more at the very same instant as the checkout's: only the id orders them. One multi-row insert,
  // so the counters' statement trigger sees them all at once.
  await h.db.invoice.createMany({
    data: Array.from({ length: 24 }, (_, i) => ({
      organizationId: actor.organizationId,
      customerId: customer.id,
      number: `MANY-${String(i + 2).padStart(6, "0")}`,
      status: i % 3 === 0 ? "OPEN" : "PAID",
      billingReason: "MANUAL" as const,
      currency: "usd",
      subtotal: 100 + i,
      total: 100 + i,
      amountDue: 0,
      periodStart: at,
      periodEnd: at,
      customerSnapshot: {},
      gateway: "LOCAL" as const,
      createdAt: at,
    })),
  });
});
afterAll(() => h.database.close());

/** The list as the database orders it: newest first, then id. */
async function expectedIds(organizationId: string, status?: InvoiceStatus): Promise<string[]> {
  const rows = await h.db.invoice.findMany({
    where: { organizationId, ...(status ? { status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

const list = (query: Partial<InvoiceListQuery>, who: BillingActor = actor) =>
  listInvoices(h.deps, { actor: who, query: { page: 1, limit: 10, ...query } });

/** Follows `nextCursor` to the end, then `prevCursor` back to the start. */
async function walk(query: Partial<InvoiceListQuery>) {
  const forward: InvoicePage[] = [await list(query)];
  for (let page = forward[0]!; page.nextCursor; forward.push(page))
    page = await list({ ...query, cursor: page.nextCursor });
  const backward: InvoicePage[] = [forward[forward.length - 1]!];
  for (let page = backward[0]!; page.prevCursor; backward.push(page))
    page = await list({ ...query, cursor: page.prevCursor });
  return { forward, backward: backward.reverse() };
}

const ids = (pages: InvoicePage[]) => pages.flatMap((page) => page.data.map((inv) => inv.id));

/** invoice_counts against a COUNT(*) of the rows, for every organization and status. */
async function expectCountsExact() {
  const drift = await h.db.$queryRaw<unknown[]>`
    SELECT * FROM (
      SELECT organization_id, status, COUNT(*)::int AS n FROM invoices GROUP BY 1, 2) actual
    FULL JOIN invoice_counts c USING (organization_id, status)
    WHERE COALESCE(actual.n, 0) <> COALESCE(c.count, 0)`;
  expect(drift).toEqual([]);
}

describe("invoice list: keyset pages", () => {
  it("walks 25 invoices of one instant forward and back: each once, in order, pages numbered", async () => {
    const expected = await expectedIds(actor.organizationId);
    expect(expected).toHaveLength(25);
    const { forward, backward } = await walk({ limit: 7 });
    expect(ids(forward)).toEqual(expected);
    expect(forward.map((p) => [p.page, p.data.length, p.total, p.totalPages])).toEqual([
      [1, 7, 25, 4],
      [2, 7, 25, 4],
      [3, 7, 25, 4],
      [4, 4, 25, 4],
    ]);
    expect(forward[0]!.prevCursor).toBeNull();
    expect(ids(backward)).toEqual(expected);
    expect(backward.map((p) => p.page)).toEqual([1, 2, 3, 4]);
    expect(backward[0]!.nextCursor).toBe(forward[0]!.nextCursor);
  });

  it("filters by status through the cursors, and `total` counts that status only", async () => {
    const expected = await expectedIds(actor.organizationId, "OPEN");
    const { forward, backward } = await walk({ status: "OPEN", limit: 3 });
    expect(ids(forward)).toEqual(expected);
    expect(ids(backward)).toEqual(expected);
    expect(forward[0]).toMatchObject({ total: 8, totalPages: 3 });
    expect(forward.flatMap((p) => p.data.map((inv) => inv.status))).toEqual(Array(8).fill("OPEN"));
  });

  it("still serves `page` without a cursor (old clients), with cursors to go on from there", async () => {
    const expected = await expectedIds(actor.organizationId);
    const third = await list({ page: 3, limit: 7 });
    expect(third.page).toBe(3);
    expect(third.data.map((inv) => inv.id)).toEqual(expected.slice(14, 21));
    const fourth = await list({ limit: 7, cursor: third.nextCursor! });
    expect(fourth.page).toBe(4);
    expect(fourth.data.map((inv) => inv.id)).toEqual(expected.slice(21));
    const second = await list({ limit: 7, cursor: third.prevCursor!, direction: "backward" });
    expect(second.page).toBe(2);
    expect(second.data.map((inv) => inv.id)).toEqual(expected.slice(7, 14));
  });

  it("answers 400 VALIDATION_FAILED, never a 500, for a cursor it did not give out", async () => {
    const page = await list({ limit: 7 });
    const b64 = (text: string) => Buffer.from(text).toString("base64url");
    const staffCursor = encodeCursor({ createdAt: at, id: "inv_x" });
    const bad = [
      "not a cursor",
      b64("2026-04-01T00:00:00.000Z"),
      b64("0000-01-01T00:00:00.000Z|abc|f|2"),
      b64("2026-02-30T00:00:00.000Z|abc|f|2"),
      b64("2026-04-01T00:00:00.000Z|a'b|f|2"),
      b64("2026-04-01T00:00:00.000Z|abc|x|2"),
      b64("2026-04-01T00:00:00.000Z|abc|f|0"),
      staffCursor,
    ];
    for (const cursor of bad)
      await expect(list({ cursor }), cursor).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
        details: { issues: [{ path: "cursor" }] },
      });
    await expect(list({ cursor: page.nextCursor!, direction: "backward" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { issues: [{ path: "direction" }] },
    });
    await expect(list({ direction: "backward" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });

  it("never shows another organization's invoices through a cursor", async () => {
    const other = await h.newOrganization("Other");
    const page = await list({ limit: 7 });
    const theirs = await list({ limit: 7, cursor: page.nextCursor! }, other);
    expect(theirs).toMatchObject({ data: [], total: 0, nextCursor: null, prevCursor: null });
  });

  it("random page sizes and statuses walk the whole list once, both ways (property)", async () => {
    const statuses = [undefined, "PAID", "OPEN", "VOID"] as const;
    const expected = new Map<string | undefined, string[]>();
    for (const status of statuses)
      expected.set(status, await expectedIds(actor.organizationId, status));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom(...statuses),
        async (limit, status) => {
          const { forward, backward } = await walk({ limit, status });
          const want = expected.get(status)!;
          expect(ids(forward)).toEqual(want);
          expect(ids(backward)).toEqual(want);
          expect(forward.map((p) => p.page)).toEqual(forward.map((_, i) => i + 1));
          expect(forward[0]!.total).toBe(want.length);
          expect(forward[0]!.totalPages).toBe(Math.ceil(want.length / limit));
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe("invoice list: the SQL rows", () => {
  it("give the very view Prisma's rows give: lines, credit notes, disputes, nulls", async () => {
    const checkout = await h.db.invoice.findFirstOrThrow({
      where: { organizationId: actor.organizationId, subscriptionId: { not: null } },
    });
    await createCreditNote(h.deps, {
      actor,
      invoiceId: checkout.id,
      amount: 500,
      reason: "GOODWILL",
      refund: false,
      now: at,
    });
    await h.db.invoice.updateMany({
      where: { organizationId: actor.organizationId, status: "OPEN" },
      data: { disputeStatus: "needs_response", disputeAmount: 100, disputedAt: at, hostedUrl: "x" },
    });
    const prisma = await h.db.invoice.findMany({
      where: { organizationId: actor.organizationId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      include: { lines: true, creditNotes: { select: { total: true } } },
    });
    const { forward } = await walk({ limit: 100 });
    expect(forward.flatMap((page) => page.data)).toStrictEqual(prisma.map(toInvoiceView));
    expect(prisma.some((inv) => inv.lines.length > 0 && inv.creditNotes.length > 0)).toBe(true);
  });
});

describe("invoice counters", () => {
  it("follow invoices as they are created, paid, voided and deleted, in the same transaction", async () => {
    await expectCountsExact();
    const payer = await h.newOrganization("Counted");
    const subscriptionId = await h.subscribe(payer, { plan: "starter", now: at });
    const totals = async () => {
      const [all, open, paid, voided] = await Promise.all(
        [undefined, "OPEN", "PAID", "VOID"].map(
          async (status) => (await list({ status: status as InvoiceStatus }, payer)).total,
        ),
      );
      return { all, open, paid, voided };
    };
    expect(await totals()).toEqual({ all: 1, open: 0, paid: 1, voided: 0 });

    const failing = await addPaymentMethod(h.deps, {
      actor: payer,
      paymentMethodId: await h.card(CARDS.failLater, at, payer.organizationId),
      setAsDefault: true,
      now: at,
    });
    await advanceBilling(h.deps, { now: new Date("2026-05-01T00:00:00Z") });
    expect(await totals()).toEqual({ all: 2, open: 1, paid: 1, voided: 0 });
    await expectCountsExact();

    const open = await h.db.invoice.findFirstOrThrow({ where: { subscriptionId, status: "OPEN" } });
    const paidAt = new Date("2026-05-01T06:00:00Z");
    await addPaymentMethod(h.deps, {
      actor: payer,
      paymentMethodId: await h.card(CARDS.mastercard, paidAt, payer.organizationId),
      setAsDefault: true,
      now: paidAt,
    });
    await payInvoice(h.deps, { actor: payer, invoiceId: open.id, now: paidAt });
    expect(await totals()).toEqual({ all: 2, open: 0, paid: 2, voided: 0 });

    await setDefaultPaymentMethod(h.deps, {
      actor: payer,
      paymentMethodId: failing.id,
      now: paidAt,
    });
    await advanceBilling(h.deps, { now: new Date("2026-06-01T00:00:00Z") });
    const next = await h.db.invoice.findFirstOrThrow({ where: { subscriptionId, status: "OPEN" } });
    const staff = staffActor({ staffUserId: payer.userId, organizationId: payer.organizationId });
    await voidInvoice(h.deps, { actor: staff, invoiceId: next.id, now: paidAt });
    expect(await totals()).toEqual({ all: 3, open: 0, paid: 2, voided: 1 });
    await expectCountsExact();

    await h.db.invoice.delete({ where: { id: next.id } });
    expect(await totals()).toEqual({ all: 2, open: 0, paid: 2, voided: 0 });
    await h.db.billingCustomer.deleteMany({ where: { organizationId: payer.organizationId } });
    expect(await totals()).toEqual({ all: 0, open: 0, paid: 0, voided: 0 });
    await expectCountsExact();
  });
});
