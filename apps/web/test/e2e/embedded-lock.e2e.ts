/**
 * Two `pnpm start`s on one embedded folder: PGlite is single-process, so the second must be refused
 * before it touches the folder, and the first must keep serving with its data.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { freePort, startServe, waitForServer, type ServeProcess } from "./server-process";

const running: ServeProcess[] = [];
const root = mkdtempSync(path.join(tmpdir(), "salesos-lock-e2e-"));
afterAll(async () => {
  await Promise.all(running.map((server) => server.stop()));
  rmSync(root, { recursive: true, force: true });
});

function serve(port: number): ServeProcess {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const server = startServe({
    ...inherited,
    PORT: String(port),
    PGLITE_DIR: path.join(root, "pglite"),
    AUTH_SECRET: "e2e-lock-secret-0123456789abcdefghijklmnop",
    NEXTAUTH_URL: `http://localhost:${port}`,
    NODE_ENV: "production",
  });
  running.push(server);
  return server;
}

async function ownerToken(base: string): Promise<string> {
  const res = await fetch(`${base}/v1/auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: "owner@acme.test", password: "SalesOS-demo-1" }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function billingName(base: string): Promise<string> {
  const res = await fetch(`${base}/v1/payments/billing/customer`, {
    headers: { Authorization: `Bearer ${await ownerToken(base)}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { name: string }).name;
}

describe.skipIf(Boolean(process.env.DATABASE_URL))("two starts on one embedded folder", () => {
  it("refuses the second with the first's pid; the first keeps serving its data; a restart works", async () => {
    const port = await freePort();
    const base = `http://localhost:${port}`;
    const first = serve(port);
    await waitForServer(base, first);
    const write = await fetch(`${base}/v1/payments/billing/customer`, {
      method: "PUT",
      headers: {
        Authorization: `Bearer ${await ownerToken(base)}`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ name: "Acme Written Before The Second Start" }),
    });
    expect(write.status).toBe(200);

    // Another port, same folder: the lock refuses it.
    const second = serve(await freePort());
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toMatch(
      /The embedded database at .*pglite is in use by process \d+; stop it or set PGLITE_DIR/,
    );
    expect(second.output()).not.toContain("SalesOS Billing on");

    // Same port, same folder: refused at the port, before the banner.
    const third = serve(port);
    expect(await third.exited).not.toBe(0);
    expect(third.output()).toMatch(new RegExp(`Port ${port} .*is in use`));
    expect(third.output()).not.toContain("SalesOS Billing on");

    expect(await billingName(base)).toBe("Acme Written Before The Second Start");
    await first.stop();

    const restarted = serve(port);
    await waitForServer(base, restarted);
    expect(restarted.output()).toContain("0 migration(s) applied");
    expect(await billingName(base)).toBe("Acme Written Before The Second Start");
    await restarted.stop();
  }, 240_000);
});
