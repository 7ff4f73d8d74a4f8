/**
 * The shared transaction helper runs a transaction again after a deadlock or a serialization failure
 * (PostgreSQL rolled it back whole), a bounded number of times, and never retries anything else. On
 * PostgreSQL a real deadlock between two transactions is provoked: both end up committed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "../src/testing";
import { TRANSACTION_ATTEMPTS, transaction } from "../src/transaction";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.$executeRawUnsafe(
    `CREATE TABLE IF NOT EXISTS tx_probe (id int PRIMARY KEY, n int NOT NULL DEFAULT 0)`,
  );
  await database.db.$executeRawUnsafe(
    `INSERT INTO tx_probe (id) VALUES (1), (2) ON CONFLICT DO NOTHING`,
  );
});
afterAll(() => database.close());

const deadlock = () => Object.assign(new Error("deadlock detected"), { code: "40P01" });

describe("transaction()", () => {
  it("runs again after a deadlock, rolling back each failed run's writes", async () => {
    let runs = 0;
    const result = await transaction(database.db, async (tx) => {
      runs++;
      await tx.$executeRawUnsafe(`UPDATE tx_probe SET n = n + 1 WHERE id = 1`);
      if (runs < 3) throw deadlock();
      return "done";
    });
    expect(result).toBe("done");
    expect(runs).toBe(3);
    const [row] = await database.db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT n FROM tx_probe WHERE id = 1`,
    );
    expect(row?.n).toBe(1); // the two rolled-back runs left nothing
  });

  it("gives up after TRANSACTION_ATTEMPTS and throws the collision as it came", async () => {
    let runs = 0;
    await expect(
      transaction(database.db, async () => {
        runs++;
        throw Object.assign(new Error("could not serialize access"), { code: "40001" });
      }),
    ).rejects.toMatchObject({ code: "40001" });
    expect(runs).toBe(TRANSACTION_ATTEMPTS);
  });

  it("never retries any other failure", async () => {
    let runs = 0;
    await expect(
      transaction(database.db, async () => {
        runs++;
        throw new Error("a bug");
      }),
    ).rejects.toThrow("a bug");
    expect(runs).toBe(1);
  });

  it.runIf(process.env.TEST_DB_KIND === "postgres")(
    "survives a real deadlock: two transactions locking two rows in opposite orders both commit",
    async () => {
      let arrived = 0;
      let release: () => void = () => undefined;
      const bothHoldOneLock = new Promise<void>((resolve) => (release = resolve));
      let runs = 0;
      const crossing = (first: number, second: number) =>
        transaction(database.db, async (tx) => {
          runs++;
          await tx.$executeRawUnsafe(`UPDATE tx_probe SET n = n + 1 WHERE id = ${first}`);
          // Only the first runs wait for each other; the retried run goes straight through.
          if (++arrived === 2) release();
          if (arrived <= 2) await bothHoldOneLock;
          await tx.$executeRawUnsafe(`UPDATE tx_probe SET n = n + 1 WHERE id = ${second}`);
        });
      const before = await database.db.$queryRawUnsafe<{ n: number }[]>(
        `SELECT n FROM tx_probe ORDER BY id`,
      );
      await Promise.all([crossing(1, 2), crossing(2, 1)]);
      const after = await database.db.$queryRawUnsafe<{ n: number }[]>(
        `SELECT n FROM tx_probe ORDER BY id`,
      );
      expect(runs).toBe(3); // PostgreSQL chose one victim; it ran again
      expect(after.map((r, i) => r.n - (before[i]?.n ?? 0))).toEqual([2, 2]);
    },
  );
});
