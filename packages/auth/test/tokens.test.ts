import { SignJWT } from "jose";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import {
  actorFromSessionCookie,
  createApiToken,
  listApiTokens,
  passwordGrant,
  revokeApiToken,
  signUp,
  startAuthSession,
  verifyApiToken,
} from "../src";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
});
afterAll(() => database.close());

const owner = { email: "owner@acme.test", password: "SalesOS-demo-1" };

describe("password grant and API tokens", () => {
  it("mints a token that verifies to the user, organization and role", async () => {
    const token = await passwordGrant(database.db, owner);
    const actor = await verifyApiToken(database.db, token.accessToken);
    expect(actor).toMatchObject({
      user: { email: "owner@acme.test" },
      organization: { name: "Acme Sales" },
      role: "OWNER",
      via: "token",
    });
    const [, payload] = token.accessToken.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<
      string,
      unknown
    >;
    expect(Object.keys(claims)).toEqual(
      expect.arrayContaining(["sub", "org", "role", "jti", "exp"]),
    );
    expect(claims.role).toBe("OWNER");
  });

  it("gives one generic error for unknown email, wrong password and a foreign organization", async () => {
    const attempts = [
      { email: "nobody@acme.test", password: "SalesOS-demo-1" },
      { ...owner, password: "wrong-password" },
      { ...owner, organizationId: "org_demo_globex" },
    ];
    for (const attempt of attempts) {
      await expect(passwordGrant(database.db, attempt)).rejects.toMatchObject({
        code: "INVALID_CREDENTIALS",
        message: "Invalid email, password or organization.",
      });
    }
  });

  it("rejects expired, revoked, malformed and foreign-signed tokens", async () => {
    const past = new Date(Date.now() - 2 * 60 * 60 * 1000);
    const expired = await passwordGrant(database.db, { ...owner, now: past });
    expect(await verifyApiToken(database.db, expired.accessToken)).toBeNull();

    const live = await passwordGrant(database.db, owner);
    const actor = (await verifyApiToken(database.db, live.accessToken))!;
    await revokeApiToken(database.db, { actor, tokenId: live.id });
    expect(await verifyApiToken(database.db, live.accessToken)).toBeNull();

    expect(await verifyApiToken(database.db, "not.a.jwt")).toBeNull();
    expect(await verifyApiToken(database.db, "garbage")).toBeNull();

    const forged = await new SignJWT({ org: "org_demo_acme", role: "OWNER" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(actor.user.id)
      .setJti(live.id)
      .setIssuer("salesos-billing")
      .setAudience("salesos-api")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("some-other-secret-some-other-secret!"));
    expect(await verifyApiToken(database.db, forged)).toBeNull();
  });

  it("stops working when the membership is removed", async () => {
    const admin = await passwordGrant(database.db, {
      email: "admin@acme.test",
      password: "SalesOS-demo-1",
    });
    const actor = (await verifyApiToken(database.db, admin.accessToken))!;
    await database.db.membership.delete({
      where: { userId_organizationId: { userId: actor.user.id, organizationId: "org_demo_acme" } },
    });
    expect(await verifyApiToken(database.db, admin.accessToken)).toBeNull();
    await database.db.membership.create({
      data: { userId: actor.user.id, organizationId: "org_demo_acme", role: "ADMIN" },
    });
  });

  it("lists and revokes only the actor's own settings tokens", async () => {
    // Settings tokens are created from a signed-in session (not with a token).
    const actor = {
      ...(await verifyApiToken(
        database.db,
        (await passwordGrant(database.db, owner)).accessToken,
      ))!,
      via: "session" as const,
      tokenId: null,
      sessionId: "ses_test",
    };
    const created = await createApiToken(database.db, {
      actor,
      input: { name: "CI", expiresInDays: 30 },
    });
    expect((await listApiTokens(database.db, { actor })).map((t) => t.name)).toContain("CI");
    const globex = (await verifyApiToken(
      database.db,
      (await passwordGrant(database.db, { email: "owner@globex.test", password: "SalesOS-demo-1" }))
        .accessToken,
    ))!;
    await expect(
      revokeApiToken(database.db, { actor: globex, tokenId: created.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await verifyApiToken(database.db, created.accessToken)).not.toBeNull();
  });
});

describe("sign-up and session cookies", () => {
  it("creates the user, their organization and the OWNER membership; a taken email is EMAIL_TAKEN", async () => {
    const input = {
      name: "New Person",
      email: "new@example.test",
      password: "long-enough-pw",
      organizationName: "Initech",
    };
    const { user, organizationId } = await signUp(database.db, { input });
    const membership = await database.db.membership.findUniqueOrThrow({
      where: { userId_organizationId: { userId: user.id, organizationId } },
    });
    expect(membership.role).toBe("OWNER");
    await expect(signUp(database.db, { input })).rejects.toMatchObject({ code: "EMAIL_TAKEN" });
  });

  it("resolves the actor from a next-auth session cookie, and nothing from a bad one", async () => {
    const user = await database.db.user.findUniqueOrThrow({
      where: { email: "owner@globex.test" },
    });
    const sid = await startAuthSession(database.db, { userId: user.id });
    const token = await encode({
      token: { userId: user.id, organizationId: "org_demo_globex", sid },
      secret: process.env.AUTH_SECRET!,
    });
    const actor = await actorFromSessionCookie(
      database.db,
      `other=1; next-auth.session-token=${token}`,
    );
    expect(actor).toMatchObject({
      organization: { name: "Globex" },
      role: "OWNER",
      via: "session",
    });
    expect(
      await actorFromSessionCookie(database.db, "next-auth.session-token=tampered"),
    ).toBeNull();
    // A stranger's badly encoded cookie on our domain does not break the session.
    expect(
      await actorFromSessionCookie(database.db, `foo=%E0%A4%A; next-auth.session-token=${token}`),
    ).toMatchObject({ role: "OWNER" });
    const foreignOrg = await encode({
      token: { userId: user.id, organizationId: "org_demo_acme", sid },
      secret: process.env.AUTH_SECRET!,
    });
    expect(
      await actorFromSessionCookie(database.db, `next-auth.session-token=${foreignOrg}`),
    ).toBeNull();
  });
});
