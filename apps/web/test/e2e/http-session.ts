/**
 * A browser session without a browser: next-auth's own endpoints (CSRF token, credentials callback,
 * sign-out) and the in-app tRPC API over plain HTTP, with a cookie jar — what `curl` with a session cookie
 * sees.
 */
import { expect } from "vitest";

export type CookieJar = Map<string, string>;

/** Adds a response's Set-Cookie `name=value` pairs to the jar. */
function cookiesOf(response: Response, jar: CookieJar = new Map()): CookieJar {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
  return jar;
}

export const cookieHeader = (jar: CookieJar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

export function httpSession(baseUrl: string) {
  async function csrf(jar: CookieJar): Promise<string> {
    const response = await fetch(`${baseUrl}/api/auth/csrf`, {
      headers: { cookie: cookieHeader(jar) },
    });
    cookiesOf(response, jar);
    return ((await response.json()) as { csrfToken: string }).csrfToken;
  }

  /** Signs in through next-auth's credentials callback, as the sign-in form does. */
  async function signIn(email: string, password: string): Promise<CookieJar> {
    const jar: CookieJar = new Map();
    const csrfToken = await csrf(jar);
    const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: cookieHeader(jar),
      },
      body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    });
    cookiesOf(response, jar);
    expect([...jar.keys()]).toContain("next-auth.session-token");
    return jar;
  }

  async function signOut(jar: CookieJar): Promise<void> {
    const csrfToken = await csrf(jar);
    const response = await fetch(`${baseUrl}/api/auth/signout`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: cookieHeader(jar),
      },
      body: new URLSearchParams({ csrfToken, json: "true" }),
    });
    expect(response.status).toBeLessThan(400);
  }

  /** The in-app API (tRPC over HTTP with superjson), as the pages call it. */
  async function trpc(jar: CookieJar, path: string, input?: unknown) {
    const init: RequestInit = { headers: { cookie: cookieHeader(jar) } };
    if (input !== undefined) {
      init.method = "POST";
      init.headers = { ...init.headers, "content-type": "application/json" };
      init.body = JSON.stringify({ json: input });
    }
    const response = await fetch(`${baseUrl}/api/trpc/${path}`, init);
    return { status: response.status, body: (await response.json()) as unknown };
  }

  /** A page's HTML as the server sends it (no script runs). */
  async function html(path: string, jar: CookieJar = new Map()): Promise<string> {
    const response = await fetch(`${baseUrl}${path}`, { headers: { cookie: cookieHeader(jar) } });
    expect(response.status, path).toBe(200);
    return response.text();
  }

  return { signIn, signOut, trpc, html };
}
