/**
 * "Forgot password?": a mailed single-use token (only its hash stored, one hour), which sets a new
 * password and shuts out whoever knew the old one, as a password change does.
 */
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import {
  actorFromSessionCookie,
  authenticate,
  createPasswordReset,
  passwordGrant,
  resetPassword,
  signUp,
  startAuthSession,
  verifyApiToken,
} from "../src";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const OLD = "first-password-1";
const NEW = "second-password-2";
const now = new Date();

async function newUser(email: string) {
  const input = { name: "Pat", email, password: OLD, organizationName: "Pat Co" };
  return signUp(database.db, { input });
}

async function cookieFor(userId: string, organizationId: string, sid: string) {
  const token = await encode({
    token: { userId, organizationId, sid },
    secret: process.env.AUTH_SECRET!,
  });
  return `next-auth.session-token=${token}`;
}

describe("password reset", () => {
  it("gives no token for an unknown e-mail, and stores only the token's hash", async () => {
    expect(
      await createPasswordReset(database.db, { email: "nobody@example.test", now }),
    ).toBeNull();
    await newUser("r1@example.test");
    const grant = (await createPasswordReset(database.db, { email: "R1@Example.test", now }))!;
    expect(grant.email).toBe("r1@example.test");
    expect(grant.token).toMatch(/^prt_[\w-]{43}$/);
    const row = await database.db.passwordResetToken.findUniqueOrThrow({
      where: { id: grant.tokenId },
    });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(grant.token);
    expect(row.expiresAt.getTime() - now.getTime()).toBe(60 * 60 * 1000);
  });

  it("sets the new password once, ends every session and password-grant token", async () => {
    const email = "r2@example.test";
    const { user, organizationId } = await newUser(email);
    const a = await startAuthSession(database.db, { userId: user.id });
    const b = await startAuthSession(database.db, { userId: user.id });
    const apiToken = await passwordGrant(database.db, { email, password: OLD });
    const grant = (await createPasswordReset(database.db, { email, now }))!;
    const other = (await createPasswordReset(database.db, { email, now }))!;

    expect(await resetPassword(database.db, { token: grant.token, newPassword: NEW, now })).toEqual(
      { userId: user.id, endedSessions: 2, revokedTokens: 1 },
    );
    for (const sid of [a, b])
      expect(
        await actorFromSessionCookie(database.db, await cookieFor(user.id, organizationId, sid)),
      ).toBeNull();
    expect(await verifyApiToken(database.db, apiToken.accessToken)).toBeNull();
    expect(await authenticate(database.db, { email, password: OLD })).toBeNull();
    expect(await authenticate(database.db, { email, password: NEW })).not.toBeNull();

    // Single use: the same link again, and the other link mailed before, are both refused.
    for (const token of [grant.token, other.token])
      await expect(
        resetPassword(database.db, { token, newPassword: "third-password-3", now }),
      ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await authenticate(database.db, { email, password: NEW })).not.toBeNull();
  });

  it("refuses a wrong token and an expired one with the same answer", async () => {
    const email = "r3@example.test";
    await newUser(email);
    const grant = (await createPasswordReset(database.db, { email, now }))!;
    const wrong = resetPassword(database.db, {
      token: `${grant.token.slice(0, -1)}x`,
      newPassword: NEW,
      now,
    });
    await expect(wrong).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      message: "This reset link is invalid, used or expired. Ask for a new one.",
    });
    const later = new Date(now.getTime() + 60 * 60 * 1000);
    await expect(
      resetPassword(database.db, { token: grant.token, newPassword: NEW, now: later }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      message: "This reset link is invalid, used or expired. Ask for a new one.",
    });
    expect(await authenticate(database.db, { email, password: OLD })).not.toBeNull();
    // A minute before the hour it still works.
    const inTime = new Date(now.getTime() + 59 * 60 * 1000);
    await resetPassword(database.db, { token: grant.token, newPassword: NEW, now: inTime });
    expect(await authenticate(database.db, { email, password: NEW })).not.toBeNull();
  });

  it("two submissions of one link at once set one password", async () => {
    const email = "r4@example.test";
    await newUser(email);
    const grant = (await createPasswordReset(database.db, { email, now }))!;
    const results = await Promise.allSettled(
      ["racer-password-1", "racer-password-2"].map((newPassword) =>
        resetPassword(database.db, { token: grant.token, newPassword, now }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const winner = results[0]!.status === "fulfilled" ? "racer-password-1" : "racer-password-2";
    expect(await authenticate(database.db, { email, password: winner })).not.toBeNull();
  });
});
