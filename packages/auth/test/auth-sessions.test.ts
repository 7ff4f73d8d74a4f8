/**
 * Sessions end server-side: a copy of the cookie taken before sign-out, a password change or the end of
 * a membership is refused at once (through the same resolution as every request, actorFromSessionCookie).
 */
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedDemoData } from "@salesos/db";
import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import {
  actorFromSessionCookie,
  authenticate,
  changePassword,
  endAuthSession,
  passwordGrant,
  signUp,
  startAuthSession,
  verifyApiToken,
} from "../src";
import { buildAuthOptions, SESSION_ENDED } from "../src/next-auth";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
});
afterAll(() => database.close());

async function newUser(email: string) {
  const input = { name: "Pat", email, password: "first-password-1", organizationName: "Pat Co" };
  return signUp(database.db, { input });
}

async function cookieFor(userId: string, organizationId: string | null, sid?: string) {
  const token = await encode({
    token: { userId, organizationId, ...(sid ? { sid } : {}) },
    secret: process.env.AUTH_SECRET!,
  });
  return `next-auth.session-token=${token}`;
}

describe("server-side sessions", () => {
  it("refuses a cookie with no session id, an unknown one, and one that was signed out", async () => {
    const { user, organizationId } = await newUser("s1@example.test");
    expect(
      await actorFromSessionCookie(database.db, await cookieFor(user.id, organizationId)),
    ).toBeNull();
    expect(
      await actorFromSessionCookie(
        database.db,
        await cookieFor(user.id, organizationId, "ses_nope"),
      ),
    ).toBeNull();
    const sid = await startAuthSession(database.db, { userId: user.id });
    const cookie = await cookieFor(user.id, organizationId, sid);
    expect(await actorFromSessionCookie(database.db, cookie)).toMatchObject({ sessionId: sid });
    await endAuthSession(database.db, { sessionId: sid, reason: "SIGNED_OUT" });
    expect(await actorFromSessionCookie(database.db, cookie)).toBeNull();
  });

  it("refuses another user's session id in a cookie, and an expired session", async () => {
    const a = await newUser("s2a@example.test");
    const b = await newUser("s2b@example.test");
    const sidOfB = await startAuthSession(database.db, { userId: b.user.id });
    expect(
      await actorFromSessionCookie(
        database.db,
        await cookieFor(a.user.id, a.organizationId, sidOfB),
      ),
    ).toBeNull();
    const old = await startAuthSession(database.db, {
      userId: a.user.id,
      now: new Date(Date.now() - 8 * 24 * 3600_000),
    });
    expect(
      await actorFromSessionCookie(database.db, await cookieFor(a.user.id, a.organizationId, old)),
    ).toBeNull();
  });

  it("the next-auth sign-out event ends the row; the jwt callback refuses an ended session", async () => {
    const { user } = await newUser("s3@example.test");
    const options = buildAuthOptions({ db: () => database.db });
    const token = await options.callbacks!.jwt!({
      token: {},
      user: { id: user.id, email: user.email, name: user.name },
      account: null,
      trigger: "signIn",
    } as never);
    expect(typeof token.sid).toBe("string");
    // A later read of the session (no `user`) passes while the row lives…
    await expect(options.callbacks!.jwt!({ token } as never)).resolves.toMatchObject({
      sid: token.sid,
    });
    await options.events!.signOut!({ token } as never);
    // …and after sign-out it throws, which makes next-auth clear the cookie.
    await expect(options.callbacks!.jwt!({ token } as never)).rejects.toThrow(SESSION_ENDED);
  });

  it("ends when the membership ends: the cookie's organization is checked on every request", async () => {
    const { user, organizationId } = await newUser("s4@example.test");
    const sid = await startAuthSession(database.db, { userId: user.id });
    const cookie = await cookieFor(user.id, organizationId, sid);
    expect(await actorFromSessionCookie(database.db, cookie)).not.toBeNull();
    await database.db.membership.deleteMany({ where: { userId: user.id } });
    expect(await actorFromSessionCookie(database.db, cookie)).toBeNull();
  });
});

describe("changing the password", () => {
  it("ends every other session and the password-grant tokens; keeps this session and settings tokens", async () => {
    const email = "s5@example.test";
    const { user, organizationId } = await newUser(email);
    const mine = await startAuthSession(database.db, { userId: user.id });
    const stolen = await startAuthSession(database.db, { userId: user.id });
    const grant = await passwordGrant(database.db, { email, password: "first-password-1" });
    const actor = (await actorFromSessionCookie(
      database.db,
      await cookieFor(user.id, organizationId, mine),
    ))!;
    const result = await changePassword(database.db, {
      actor,
      currentPassword: "first-password-1",
      newPassword: "second-password-2",
    });
    expect(result).toEqual({ endedSessions: 1, revokedTokens: 1 });
    expect(
      await actorFromSessionCookie(database.db, await cookieFor(user.id, organizationId, stolen)),
    ).toBeNull();
    expect(
      await actorFromSessionCookie(database.db, await cookieFor(user.id, organizationId, mine)),
    ).not.toBeNull();
    expect(await verifyApiToken(database.db, grant.accessToken)).toBeNull();
    expect(await authenticate(database.db, { email, password: "first-password-1" })).toBeNull();
    expect(
      await authenticate(database.db, { email, password: "second-password-2" }),
    ).not.toBeNull();
  });

  it("refuses a wrong current password (400 on the field), a token caller, and guessing", async () => {
    const email = "s6@example.test";
    const { user, organizationId } = await newUser(email);
    const sid = await startAuthSession(database.db, { userId: user.id });
    const actor = (await actorFromSessionCookie(
      database.db,
      await cookieFor(user.id, organizationId, sid),
    ))!;
    // One fixed instant: the five attempts fall in one rate-limit window whatever the clock says.
    const now = new Date("2026-12-04T12:00:10Z");
    const wrong = {
      actor,
      currentPassword: "not-it-at-all",
      newPassword: "second-password-2",
      now,
    };
    await expect(changePassword(database.db, wrong)).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
    const viaToken = { ...actor, via: "token" as const, sessionId: null };
    await expect(
      changePassword(database.db, {
        ...wrong,
        actor: viaToken,
        currentPassword: "first-password-1",
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    for (let i = 0; i < 4; i++) await changePassword(database.db, wrong).catch(() => undefined);
    await expect(
      changePassword(database.db, { ...wrong, currentPassword: "first-password-1" }),
    ).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await authenticate(database.db, { email, password: "first-password-1" })).not.toBeNull();
  });
});
