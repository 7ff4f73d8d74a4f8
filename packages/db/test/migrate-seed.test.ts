import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { readMigrations, seedDemoData, verifyPassword, DEMO_PASSWORD } from "../src";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("migrations", () => {
  it("records every committed migration with Prisma's checksum and applies nothing twice", async () => {
    const files = readMigrations();
    const rows = await database.db.$queryRaw<{ migration_name: string; checksum: string }[]>`
      SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`;
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    expect(rows.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum));
    expect(await database.migrate()).toEqual([]);
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const [first] = readMigrations();
    const edited = { ...first!, sql: `${first!.sql}\n-- edited`, checksum: "0".repeat(64) };
    await expect(database.migrate([edited])).rejects.toThrow(/edited after it was applied/);
  });
});

describe("demo seed", () => {
  it("is idempotent: a second run duplicates nothing", async () => {
    await seedDemoData(database.db);
    await seedDemoData(database.db);
    expect(await database.db.plan.count()).toBe(4);
    expect(await database.db.user.count()).toBe(5);
    expect(await database.db.organization.count()).toBe(2);
    expect(await database.db.membership.count()).toBe(4);
  });

  it("seeds the roles, the platform admin and the plan catalogue of domain.md", async () => {
    const acme = await database.db.membership.findMany({
      where: { organization: { name: "Acme Sales" } },
      include: { user: true },
    });
    expect(Object.fromEntries(acme.map((m) => [m.user.email, m.role]))).toEqual({
      "owner@acme.test": "OWNER",
      "admin@acme.test": "ADMIN",
      "member@acme.test": "MEMBER",
    });
    const staff = await database.db.user.findUniqueOrThrow({
      where: { email: "staff@salesos.test" },
    });
    expect(staff.isPlatformAdmin).toBe(true);
    expect(await verifyPassword(DEMO_PASSWORD, staff.passwordHash)).toBe(true);
    const plans = await database.db.plan.findMany({ orderBy: { sortOrder: "asc" } });
    expect(
      plans.map((p) => [p.slug, p.monthlyPrice, p.yearlyPrice, p.trialDays, p.maxUsers]),
    ).toEqual([
      ["free", 0, 0, 0, 1],
      ["starter", 2999, 29988, 14, 5],
      ["professional", 9999, 95988, 14, 25],
      ["enterprise", 29999, 299988, 30, null],
    ]);
  });
});
