import { fastRead, type InvoiceStatus } from "@salesos/db";
import { AppError } from "@salesos/validators";

import {
  decodeCursor,
  encodeCursor,
  invalidCursor,
  type CursorPosition,
  type Direction,
  type Keyset,
} from "../admin/cursor";
import type { BillingActor, BillingDeps } from "../deps";
import { toInvoiceView, type InvoiceView } from "../views";
import { readPageRows, withLines, type InvoiceRow, type InvoiceScope } from "./invoice-rows";
import { pageOf, type PageOf, type PageQuery } from "./pagination";

export interface InvoiceListQuery extends PageQuery {
  status?: InvoiceStatus | undefined;
  /** `nextCursor` or `prevCursor` of a page of this list; it carries its direction and page number. */
  cursor?: string | undefined;
  /** Optional, as tRPC's infinite queries send it: must be the cursor's own direction. */
  direction?: Direction | undefined;
}

export type InvoicePage = PageOf<InvoiceView> & {
  nextCursor: string | null;
  prevCursor: string | null;
};

/** A page's rows, newest first, and whether rows exist on either side of it. */
interface Window {
  rows: InvoiceRow[];
  page: number;
  hasNewer: boolean;
  hasOlder: boolean;
}

/**
 * Route 12: invoices newest first (createdAt desc, id desc: a total order). A cursor reads the page next
 * to a row through the (organization, [status,] createdAt, id) index, so every page costs what the first
 * does; `page` > 1 without a cursor still works for old clients but skips rows (slower for deep pages).
 * `total` comes from the trigger-kept `invoice_counts`, not a COUNT(*) over the organization's invoices.
 */
export async function listInvoices(
  deps: BillingDeps,
  args: { actor: BillingActor; query: InvoiceListQuery },
): Promise<InvoicePage> {
  const { query } = args;
  const position = query.cursor === undefined ? null : decodeCursor(query.cursor);
  // A staff list's cursor carries no page number: it was not given out by this list.
  if (position && position.page === null) throw invalidCursor();
  // The cursor knows its way; `direction`, when sent, must agree (a prevCursor sent forward is a bug).
  if (query.direction && query.direction !== (position?.direction ?? "forward"))
    throw new AppError(
      "VALIDATION_FAILED",
      "`direction` must match the cursor: `nextCursor` goes forward, `prevCursor` backward.",
      { details: { issues: [{ path: "direction", message: "Does not match the cursor." }] } },
    );
  const scope: InvoiceScope = { organizationId: args.actor.organizationId, status: query.status };
  const [total, window] = await Promise.all([
    countInvoices(deps, scope),
    readWindow(deps, scope, query, position),
  ]);
  const rows = await withLines(deps.db, window.rows);
  const first = rows[0];
  const last = rows[rows.length - 1];
  return {
    ...pageOf(rows.map(toInvoiceView), total, { page: window.page, limit: query.limit }),
    nextCursor:
      window.hasOlder && last
        ? encodeCursor(last, { direction: "forward", page: window.page + 1 })
        : null,
    prevCursor:
      window.hasNewer && first && window.page > 1
        ? encodeCursor(first, { direction: "backward", page: window.page - 1 })
        : null,
  };
}

async function countInvoices(deps: BillingDeps, scope: InvoiceScope): Promise<number> {
  const [row] = await fastRead<{ total: number }>(deps.db, {
    name: scope.status ? "invoice_count_status" : "invoice_count",
    text: `SELECT COALESCE(SUM(count), 0)::int AS total FROM invoice_counts
            WHERE organization_id = $1 ${scope.status ? `AND status = $2::"InvoiceStatus"` : ""}`,
    values: scope.status ? [scope.organizationId, scope.status] : [scope.organizationId],
  });
  return row?.total ?? 0;
}

async function readWindow(
  deps: BillingDeps,
  scope: InvoiceScope,
  query: InvoiceListQuery,
  position: CursorPosition | null,
): Promise<Window> {
  const { limit } = query;
  const read = (key: Keyset | null, direction: Direction, skip = 0) =>
    readPageRows(deps.db, scope, { key, direction, skip, take: limit + 1 });
  if (!position) {
    // No cursor: page 1 is a keyset first page; a deeper page skips rows (the contract's `page`).
    const skip = (query.page - 1) * limit;
    // Past 2^31 - 1 rows is past the end of any list (the counters are INTEGER); a bigger skip would not
    // even reach the database as a number.
    const rows = await read(null, "forward", Math.min(skip, 2 ** 31 - 1));
    return {
      rows: rows.slice(0, limit),
      page: query.page,
      hasNewer: skip > 0,
      hasOlder: rows.length > limit,
    };
  }
  // The cursor's page number, at least 2 while rows exist before it (rows added since can outnumber it).
  const claimed = Math.max(position.page ?? 2, 2);
  if (position.direction === "forward") {
    const rows = await read(position, "forward");
    return {
      rows: rows.slice(0, limit),
      page: claimed,
      hasNewer: true,
      hasOlder: rows.length > limit,
    };
  }
  // Backward: the rows just newer than the cursor, read oldest first, then turned newest first.
  const rows = await read(position, "backward");
  const hasNewer = rows.length > limit;
  if (!hasNewer && rows.length < limit)
    // Back at the start with a short page (rows were removed, or the pages shifted): the full first page.
    return readWindow(deps, scope, { ...query, page: 1 }, null);
  return {
    rows: rows.slice(0, limit).reverse(),
    page: hasNewer ? claimed : 1,
    hasNewer,
    hasOlder: true,
  };
}
