import { AppError } from "@salesos/validators";

/**
 * Keyset pagination (newest first): the cursor is the last row's (createdAt, id), opaque to the caller.
 * A page costs the same at row 100,000 as at row 1, and rows added meanwhile never shift a page.
 * The staff lists only go forward; the invoice list also goes back, and its cursors carry the direction
 * and the page number they lead to (so its `page` stays meaningful without an OFFSET).
 */
export interface Keyset {
  createdAt: Date;
  id: string;
}

/** tRPC's infinite queries name the two ways `forward` (older rows) and `backward` (newer rows). */
export type Direction = "forward" | "backward";

export interface CursorPosition extends Keyset {
  direction: Direction;
  /** The page number the cursor leads to; null in the staff lists' cursors, which carry none. */
  page: number | null;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_PAGE = 1_000_000_000;

export function encodeCursor(row: Keyset, to?: { direction: Direction; page: number }): string {
  const parts = [row.createdAt.toISOString(), row.id];
  if (to) parts.push(to.direction === "backward" ? "b" : "f", String(to.page));
  return Buffer.from(parts.join("|")).toString("base64url");
}

export function invalidCursor(message = "The cursor is not one this API gave out."): AppError {
  return new AppError("VALIDATION_FAILED", message, {
    details: { issues: [{ path: "cursor", message: "Unknown cursor." }] },
  });
}

export function decodeCursor(cursor: string): CursorPosition {
  const parts = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const [at = "", id = "", way, page] = parts;
  const createdAt = new Date(at);
  // Only what encodeCursor writes: an instant PostgreSQL can hold (a year 0 or a rolled-over date would
  // reach the query and fail there as a 500), an id, and for the invoice list a direction and a page.
  const instantOk =
    ISO_INSTANT.test(at) &&
    !Number.isNaN(createdAt.getTime()) &&
    createdAt.toISOString() === at &&
    createdAt.getUTCFullYear() >= 1;
  const pageNumber = page === undefined ? null : Number(page);
  const extraOk =
    parts.length === 2 ||
    (parts.length === 4 &&
      (way === "f" || way === "b") &&
      /^[1-9]\d{0,9}$/.test(page ?? "") &&
      pageNumber !== null &&
      pageNumber <= MAX_PAGE);
  if (!instantOk || !/^[\w-]{1,64}$/.test(id) || !extraOk) throw invalidCursor();
  return { createdAt, id, direction: way === "b" ? "backward" : "forward", page: pageNumber };
}

/** The Prisma condition "strictly after the cursor" for an order by createdAt desc, id desc. */
export function afterCursor(cursor: string | undefined) {
  if (!cursor) return {};
  const { createdAt, id, direction } = decodeCursor(cursor);
  // The staff lists give out forward cursors only; a backward one belongs to another list.
  if (direction !== "forward") throw invalidCursor();
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}

/** Takes limit + 1 rows to know whether a next page exists. */
export function pageWithCursor<T extends Keyset>(rows: T[], limit: number) {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

export const NEWEST_FIRST = [{ createdAt: "desc" as const }, { id: "desc" as const }];
