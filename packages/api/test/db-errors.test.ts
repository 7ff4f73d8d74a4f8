import { describe, expect, it } from "vitest";

import { passwordGrant } from "@salesos/auth";
import { openDatabase, seedDemoData } from "@salesos/db";
import { createTestDatabase } from "@salesos/db/testing";

import { databaseTrouble } from "../src/db-errors";
import { handleRestRequest } from "../src/rest";

describe("database trouble", () => {
  it("classifies the driver's and Prisma's errors wherever they sit in the cause chain", () => {
    const pgError = (code: string) => Object.assign(new Error("x"), { code });
    expect(databaseTrouble(pgError("57P01"))).toBe("unavailable"); // admin shutdown
    expect(databaseTrouble(pgError("08006"))).toBe("unavailable"); // connection failure
    expect(databaseTrouble(pgError("53300"))).toBe("unavailable"); // too many connections
    expect(databaseTrouble(pgError("40P01"))).toBe("conflict"); // deadlock
    expect(databaseTrouble(pgError("40001"))).toBe("conflict"); // serialization failure
    expect(databaseTrouble(pgError("P2028"))).toBe("conflict"); // Prisma: transaction timed out
    expect(databaseTrouble(pgError("P2024"))).toBe("unavailable"); // Prisma: pool timeout
    expect(databaseTrouble(new Error("Connection terminated unexpectedly"))).toBe("unavailable");
    const wrapped = Object.assign(new Error("prisma"), {
      code: "P2010",
      meta: { driverAdapterError: { cause: { code: "57P01" } } },
    });
    expect(databaseTrouble(new Error("outer", { cause: wrapped }))).toBe("unavailable");
    expect(databaseTrouble(pgError("23505"))).toBeNull(); // a unique violation is a bug or a 409 elsewhere
    expect(databaseTrouble(new Error("anything else"))).toBeNull();
  });

  it("answers 503 with Retry-After and the JSON error body when the database cannot be reached", async () => {
    // Nothing listens on port 1: every statement fails to connect.
    const away = openDatabase({ databaseUrl: "postgresql://postgres@127.0.0.1:1/salesos" });
    try {
      for (const path of ["/v1/plans", "/v1/payments/subscriptions"]) {
        const response = await handleRestRequest(
          new Request(`http://localhost${path}`, {
            headers: { authorization: "Bearer not.a.token", "x-forwarded-for": "203.0.113.9" },
          }),
          { db: away.db },
        );
        // The bearer route fails its signature check before any statement: 401, not 503.
        if (path === "/v1/payments/subscriptions") expect(response.status).toBe(401);
        else {
          expect(response.status).toBe(503);
          expect(response.headers.get("retry-after")).toBe("2");
          expect(await response.json()).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
        }
      }
    } finally {
      await away.close();
    }
  });

  it("answers 503 when the database goes away while the caller's identity is being read", async () => {
    const database = await createTestDatabase();
    const away = openDatabase({ databaseUrl: "postgresql://postgres@127.0.0.1:1/salesos" });
    try {
      await seedDemoData(database.db);
      const { accessToken } = await passwordGrant(database.db, {
        email: "owner@acme.test",
        password: "SalesOS-demo-1",
      });
      const response = await handleRestRequest(
        new Request("http://localhost/v1/payments/subscriptions", {
          headers: { authorization: `Bearer ${accessToken}` },
        }),
        { db: away.db },
      );
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    } finally {
      await away.close();
      await database.close();
    }
  });
});
