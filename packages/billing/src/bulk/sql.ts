import type { Tx } from "../deps";

/** A column of a bulk write and its SQL type (enums by their quoted name, e.g. `"InvoiceStatus"`). */
export type ColumnTypes = Record<string, string>;

/**
 * Rows travel as one JSON parameter, each row an array in column order: a batch's rows would otherwise
 * repeat every column name, and Prisma copies the parameter several times before it reaches the socket.
 * A value missing from a row would be read as NULL without a word, so it is refused.
 */
function payload(rows: readonly Record<string, unknown>[], names: string[]): string {
  return JSON.stringify(
    rows.map((row) =>
      names.map((name) => {
        const value = row[name];
        if (value === undefined) throw new Error(`bulk row has no value for ${name}`);
        return value;
      }),
    ),
  );
}

/** Each column read from the row array `r`: JSON as it is, anything else from its text (ISO dates as UTC). */
function rowColumns(columns: ColumnTypes): string {
  return Object.entries(columns)
    .map(([name, type], i) =>
      type === "jsonb" ? `(r->${i}) AS "${name}"` : `(r->>${i})::${type} AS "${name}"`,
    )
    .join(", ");
}

/**
 * Inserts many rows in one statement. Table and column names come from this package's code only; every
 * value is in the JSON parameter.
 */
export async function insertRows(
  tx: Tx,
  table: string,
  columns: ColumnTypes,
  rows: readonly Record<string, unknown>[],
  opts: { onConflictDoNothing?: boolean } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  await tx.$executeRawUnsafe(
    `INSERT INTO "${table}" (${names.map((n) => `"${n}"`).join(", ")})
     SELECT ${names.map((n) => `x."${n}"`).join(", ")}
       FROM (SELECT ${rowColumns(columns)} FROM jsonb_array_elements($1::jsonb) AS r) AS x
     ${opts.onConflictDoNothing ? "ON CONFLICT DO NOTHING" : ""}`,
    payload(rows, names),
  );
}

/**
 * Updates many rows by id in one statement: `set` maps each column to its new value's expression, where
 * `x.<column>` is the row's value and `t.<column>` the current one. `where` adds a condition on `t`.
 * Returns the ids of the rows it changed.
 */
export async function updateRows(
  tx: Tx,
  table: string,
  columns: ColumnTypes,
  rows: readonly Record<string, unknown>[],
  opts: { set: Record<string, string>; where?: string },
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const all = { id: "text", ...columns };
  const assignments = Object.entries(opts.set)
    .map(([column, expression]) => `"${column}" = ${expression}`)
    .join(", ");
  const changed = await tx.$queryRawUnsafe<{ id: string }[]>(
    `UPDATE "${table}" AS t SET ${assignments}
       FROM (SELECT ${rowColumns(all)} FROM jsonb_array_elements($1::jsonb) AS r) AS x
      WHERE t.id = x.id AND t.id = ANY($2::text[])${opts.where ? ` AND (${opts.where})` : ""}
      RETURNING t.id`,
    payload(rows, Object.keys(all)),
    // The ids again as an array: the planner cannot tell how many rows the JSON holds (it guesses
    // 100) and would scan the whole table; `id = ANY(ids)` takes the primary key instead.
    rows.map((row) => row.id),
  );
  return new Set(changed.map((row) => row.id));
}

/** `SET column = x.column` for each column: the rows' values as they are. */
export function fromRows(columns: ColumnTypes): Record<string, string> {
  return Object.fromEntries(Object.keys(columns).map((column) => [column, `x."${column}"`]));
}
