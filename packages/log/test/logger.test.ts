import { Writable } from "node:stream";

import { describe, expect, it } from "vitest";

import {
  createLogger,
  currentRequestId,
  log,
  requestIdFrom,
  setRootLogger,
  withRequest,
} from "../src";

/** A logger writing into an array of parsed lines. */
function capture(): { lines: Record<string, unknown>[]; text: () => string } {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(chunk.toString());
      done();
    },
  });
  setRootLogger(createLogger(stream));
  return {
    get lines() {
      return raw
        .join("")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    text: () => raw.join(""),
  };
}

describe("the server's logger", () => {
  it("writes JSON lines with a level name and an ISO time", () => {
    const out = capture();
    log().info({ route: "/v1/plans" }, "hello");
    expect(out.lines[0]).toMatchObject({ level: "info", msg: "hello", route: "/v1/plans" });
    expect(String(out.lines[0]!.time)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("never writes Authorization or Cookie headers, passwords, secrets, tokens or card numbers", () => {
    const out = capture();
    const secrets = {
      bearer: "Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig",
      cookie: "next-auth.session-token=abc123secret",
      password: "SalesOS-demo-1",
      stripe: "whsec_0123456789abcdef",
      pan: "4242424242424242",
      spaced: "4000 0000 0000 3220",
    };
    log().info(
      {
        req: { headers: { authorization: secrets.bearer, cookie: secrets.cookie } },
        headers: { Authorization: secrets.bearer, "set-cookie": secrets.cookie },
        body: {
          email: "owner@acme.test",
          password: secrets.password,
          card: { cardNumber: secrets.pan, cvc: "123" },
        },
        nested: { deeper: { STRIPE_WEBHOOK_SECRET: secrets.stripe, accessToken: secrets.bearer } },
        note: `customer typed ${secrets.spaced} into the name field`,
      },
      `charge with ${secrets.pan} failed`,
    );
    log().error(new Error(`card ${secrets.pan} declined`));
    const text = out.text();
    for (const [what, value] of Object.entries(secrets))
      expect(text.includes(value), `${what} leaked: ${text}`).toBe(false);
    expect(text).not.toContain("3220");
    // What is not secret stays readable.
    expect(out.lines[0]).toMatchObject({
      body: { email: "owner@acme.test", password: "[redacted]" },
      msg: "charge with [redacted] failed",
    });
  });

  it("puts the request id on every line logged inside a request, across awaits", async () => {
    const out = capture();
    await withRequest("req-1", async () => {
      log().info("first");
      await new Promise((resolve) => setTimeout(resolve, 5));
      log().warn({ step: 2 }, "second");
      expect(currentRequestId()).toBe("req-1");
    });
    log().info("outside");
    expect(out.lines.map((line) => line.requestId)).toEqual(["req-1", "req-1", undefined]);
    expect(currentRequestId()).toBeUndefined();
  });

  it("keeps a sane incoming X-Request-Id and replaces anything else", () => {
    expect(requestIdFrom("abc-123_DEF.9")).toBe("abc-123_DEF.9");
    expect(requestIdFrom(["lb-42", "other"])).toBe("lb-42");
    for (const bad of [undefined, "", "x".repeat(65), "a b", 'a"}', "id\nforged line", "é"])
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("errors in logs", () => {
  it("keep their type, message and stack", () => {
    const out = capture();
    class GatewayDown extends Error {}
    log().error({ err: new GatewayDown("gateway timed out") }, "charge failed");
    expect(out.lines[0]).toMatchObject({
      msg: "charge failed",
      err: { type: "GatewayDown", message: "gateway timed out" },
    });
    expect(String((out.lines[0]!.err as { stack: string }).stack)).toContain("logger.test.ts");
  });
});
