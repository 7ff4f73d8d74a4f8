import type { JWT } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import { buildAuthOptions, TOO_MANY_ATTEMPTS } from "../src/next-auth";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
});
afterAll(() => database.close());

type JwtCallback = (args: Record<string, unknown>) => Promise<JWT>;

function authorizeOf(options: ReturnType<typeof buildAuthOptions>, address = "203.0.113.50") {
  const provider = options.providers[0] as unknown as {
    options: {
      authorize: (
        c: Record<string, string>,
        req: { headers: Record<string, string> },
      ) => Promise<unknown>;
    };
  };
  return (credentials: Record<string, string>) =>
    provider.options.authorize(credentials, { headers: { "x-forwarded-for": address } });
}

describe("next-auth options", () => {
  const options = () => buildAuthOptions({ db: () => database.db });

  it("authorizes the demo owner with the right password only", async () => {
    const authorize = authorizeOf(options());
    await expect(
      authorize({ email: "owner@acme.test", password: "SalesOS-demo-1" }),
    ).resolves.toMatchObject({ email: "owner@acme.test" });
    await expect(authorize({ email: "owner@acme.test", password: "nope" })).resolves.toBeNull();
    await expect(authorize({ email: "not-an-email", password: "x" })).resolves.toBeNull();
  });

  it("starts the session in the user's organization and switches only to one they belong to", async () => {
    const jwt = options().callbacks!.jwt as unknown as JwtCallback;
    const owner = await database.db.user.findUniqueOrThrow({ where: { email: "owner@acme.test" } });
    const token = await jwt({ token: {}, user: { id: owner.id } });
    expect(token.organizationId).toBe("org_demo_acme");

    const refused = await jwt({
      token,
      trigger: "update",
      session: { organizationId: "org_demo_globex" },
    });
    expect(refused.organizationId).toBe("org_demo_acme");

    await database.db.membership.create({
      data: { userId: owner.id, organizationId: "org_demo_globex", role: "ADMIN" },
    });
    const switched = await jwt({
      token,
      trigger: "update",
      session: { organizationId: "org_demo_globex" },
    });
    expect(switched.organizationId).toBe("org_demo_globex");
  });

  it("slows password guessing: the 11th attempt in a minute on one account is refused", async () => {
    const second = new Date().getUTCSeconds();
    if (second > 40) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
    const results: unknown[] = [];
    for (let i = 0; i < 10; i++)
      results.push(
        await authorizeOf(
          options(),
          `198.51.100.${i}`,
        )({ email: "admin@acme.test", password: `guess-${i}` }),
      );
    expect(results.every((r) => r === null)).toBe(true);
    await expect(
      authorizeOf(
        options(),
        "198.51.100.99",
      )({ email: "admin@acme.test", password: "SalesOS-demo-1" }),
    ).rejects.toThrow(TOO_MANY_ATTEMPTS);
  });
});
