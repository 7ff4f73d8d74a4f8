/**
 * Sessions end on the server (issue 13, finding 6), through real HTTP against the production build: a copy
 * of the session cookie taken before sign-out, or before a password change made in another session, is
 * refused at once — not only forgotten by the browser that signed out.
 */
import { describe, expect, inject, it } from "vitest";

import { cookieHeader as header, httpSession } from "./http-session";

const baseUrl = inject("baseUrl");
const { signIn, signOut, trpc } = httpSession(baseUrl);

async function newAccount(): Promise<{ email: string; password: string }> {
  const email = `sessions-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;
  const password = "first-password-1";
  const created = await trpc(new Map(), "auth.signUp", {
    name: "Sam Session",
    email,
    password,
    organizationName: "Session Co",
  });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return { email, password };
}

describe("server-side sessions", () => {
  it("a copy of the cookie stops working the moment its session signs out", async () => {
    const { email, password } = await newAccount();
    const session = await signIn(email, password);
    const copy = new Map(session);
    expect((await trpc(copy, "account.me")).status).toBe(200);

    await signOut(session);

    expect((await trpc(copy, "account.me")).status).toBe(401);
    const page = await fetch(`${baseUrl}/billing`, {
      headers: { cookie: header(copy) },
      redirect: "manual",
    });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toContain("/sign-in");
    // next-auth's own session endpoint no longer vouches for it either.
    const nextAuth = await fetch(`${baseUrl}/api/auth/session`, {
      headers: { cookie: header(copy) },
    });
    expect(await nextAuth.json()).toEqual({});
  });

  it("a password change ends the other sessions and keeps the one that made it", async () => {
    const { email, password } = await newAccount();
    const mine = await signIn(email, password);
    const other = await signIn(email, password);
    expect((await trpc(other, "account.me")).status).toBe(200);

    const wrong = await trpc(mine, "account.changePassword", {
      currentPassword: "not-the-password",
      newPassword: "second-password-2",
    });
    expect(wrong.status).toBe(400);
    expect((await trpc(other, "account.me")).status).toBe(200);

    const changed = await trpc(mine, "account.changePassword", {
      currentPassword: password,
      newPassword: "second-password-2",
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await trpc(other, "account.me")).status).toBe(401);
    expect((await trpc(mine, "account.me")).status).toBe(200);
    await signIn(email, "second-password-2");
  });
});
