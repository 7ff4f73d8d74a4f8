import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { loadActor } from "@salesos/auth";
import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import { createCaller, createContextForActor } from "../src";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
});
afterAll(() => database.close());

async function callerFor(email: string | null, via: "session" | "token" = "session") {
  const user = email ? await database.db.user.findUniqueOrThrow({ where: { email } }) : null;
  const membership = user
    ? await database.db.membership.findFirst({ where: { userId: user.id } })
    : null;
  const actor = user
    ? await loadActor(database.db, {
        userId: user.id,
        organizationId: membership?.organizationId ?? null,
        via,
        tokenId: via === "token" ? "some-token-id" : null,
        sessionId: via === "session" ? "ses_test" : null,
      })
    : null;
  return createCaller(createContextForActor({ db: database.db, actor }));
}

describe("account router (createCaller)", () => {
  it("refuses anonymous callers with UNAUTHORIZED", async () => {
    const anonymous = await callerFor(null);
    await expect(anonymous.account.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.account.apiTokens.list()).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("creates a token shown once, lists it without the secret, and revokes it", async () => {
    const member = await callerFor("member@acme.test");
    const created = await member.account.apiTokens.create({ name: "Dashboard", expiresInDays: 7 });
    expect(created.accessToken.split(".")).toHaveLength(3);
    const listed = await member.account.apiTokens.list();
    expect(listed).toEqual([
      expect.objectContaining({ id: created.id, name: "Dashboard", revokedAt: null }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(created.accessToken);
    const revoked = await member.account.apiTokens.revoke({ id: created.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
  });

  it("refuses to create a token with a token: a one-hour token cannot mint a 365-day one", async () => {
    const caller = await callerFor("owner@acme.test", "token");
    await expect(
      caller.account.apiTokens.create({ name: "Child", expiresInDays: 365 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await database.db.apiToken.count({ where: { name: "Child" } })).toBe(0);
  });

  it("validates token input and maps domain errors to tRPC codes", async () => {
    const owner = await callerFor("owner@acme.test");
    await expect(
      owner.account.apiTokens.create({ name: "", expiresInDays: 7 }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      owner.account.apiTokens.create({ name: "x", expiresInDays: 3 as 7 }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(owner.account.apiTokens.revoke({ id: "missing" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("lets a platform admin without an organization read who they are, but not create tokens", async () => {
    const staff = await callerFor("staff@salesos.test");
    expect(await staff.account.me()).toMatchObject({ organization: null, role: null });
    await expect(
      staff.account.apiTokens.create({ name: "x", expiresInDays: 7 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("signs up once per email (EMAIL_TAKEN is a CONFLICT)", async () => {
    const anonymous = await callerFor(null);
    const input = {
      name: "Ann",
      email: "ann@example.test",
      password: "0123456789",
      organizationName: "Ann Co",
    };
    await expect(anonymous.auth.signUp(input)).resolves.toMatchObject({
      organizationId: expect.any(String),
    });
    await expect(anonymous.auth.signUp(input)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("already exists"),
    });
  });
});
