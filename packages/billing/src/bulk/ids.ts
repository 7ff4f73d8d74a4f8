import { randomBytes } from "node:crypto";

// Random bytes are drawn 4 KiB at a time: a batch writes thousands of ids, and one randomBytes call
// per id cost more CPU than the rest of building the id.
let pool = Buffer.alloc(0);
let offset = 0;

/** `bytes` random bytes as lowercase hex. */
export function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = randomBytes(Math.max(4096, bytes));
    offset = 0;
  }
  offset += bytes;
  return pool.toString("hex", offset - bytes, offset);
}

let counter = 0;

/**
 * Ids for rows written in bulk. Prisma's `@default(cuid())` is filled in by the client, not the
 * database, so raw inserts bring their own: the same shape as a cuid (25 lowercase characters, "c", time
 * first), so ids keep sorting roughly by creation, as the pages that break ties by id expect.
 */
export function newId(): string {
  counter = (counter + 1) % 1_679_616; // 36^4
  const random = BigInt(`0x${randomHex(8)}`)
    .toString(36)
    .padStart(12, "0")
    .slice(-12);
  return (
    "c" +
    Date.now().toString(36).padStart(8, "0").slice(-8) +
    counter.toString(36).padStart(4, "0") +
    random
  );
}
