import { AppError } from "@salesos/validators";

/**
 * Keyset pagination (newest first): the cursor is the last row's (createdAt, id), opaque to the caller.
 * A page costs the same at row 100,000 as at row 1, and rows added meanwhile never shift a page.
 */
export interface Keyset {
  createdAt: Date;
  id: string;
}

export function encodeCursor(row: Keyset): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): Keyset {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[\w-]{1,64}$/.test(id))
    throw new AppError("VALIDATION_FAILED", "The cursor is not one this API gave out.", {
      details: { issues: [{ path: "cursor", message: "Unknown cursor." }] },
    });
  return { createdAt, id };
}

/** The Prisma condition "strictly after the cursor" for an order by createdAt desc, id desc. */
export function afterCursor(cursor: string | undefined) {
  if (!cursor) return {};
  const { createdAt, id } = decodeCursor(cursor);
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}

/** Takes limit + 1 rows to know whether a next page exists. */
export function pageWithCursor<T extends Keyset>(rows: T[], limit: number) {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

export const NEWEST_FIRST = [{ createdAt: "desc" as const }, { id: "desc" as const }];
