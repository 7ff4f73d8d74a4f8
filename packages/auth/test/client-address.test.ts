import { describe, expect, it } from "vitest";

import { clientAddress, parseTrustedProxies, resolveClientAddress } from "../src";

const resolve = (
  forwardedFor: string | undefined,
  trusted: string | undefined,
  socket = "10.0.0.5",
) =>
  resolveClientAddress({
    socketAddress: socket,
    forwardedFor,
    trusted: parseTrustedProxies(trusted),
  });

describe("the client address", () => {
  it("is the socket's when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(resolve("198.51.100.7", undefined)).toBe("10.0.0.5");
    expect(resolve("1.1.1.1, 2.2.2.2", "")).toBe("10.0.0.5");
    expect(resolve(undefined, undefined, "::ffff:203.0.113.9")).toBe("203.0.113.9");
  });

  it("with N trusted hops, is N entries in from the right of the chain", () => {
    expect(resolve("198.51.100.7", "1")).toBe("198.51.100.7");
    // A client that prepends its own entries does not move the one the proxy wrote.
    expect(resolve("6.6.6.6, 198.51.100.7", "1")).toBe("198.51.100.7");
    expect(resolve("6.6.6.6, 198.51.100.7, 172.16.0.2", "2")).toBe("198.51.100.7");
    expect(resolve(undefined, "1")).toBe("10.0.0.5");
  });

  it("with trusted networks, is the first address from the right outside them", () => {
    const trusted = "10.0.0.0/8, 172.16.0.2, 2001:db8::/32";
    expect(resolve("6.6.6.6, 198.51.100.7, 172.16.0.2", trusted)).toBe("198.51.100.7");
    expect(resolve("198.51.100.7", trusted, "203.0.113.1")).toBe("203.0.113.1");
    expect(resolve("10.1.1.1, 10.2.2.2", trusted)).toBe("10.1.1.1");
    expect(resolve("198.51.100.8", trusted, "2001:db8::1")).toBe("198.51.100.8");
  });

  it("refuses a TRUSTED_PROXIES value it cannot read", () => {
    expect(() => parseTrustedProxies("proxy.internal")).toThrow(/TRUSTED_PROXIES/);
    expect(() => parseTrustedProxies("10.0.0.0/40")).toThrow(/prefix/);
  });

  it("is read from the production server's header before X-Forwarded-For", () => {
    const headers = new Headers({
      "x-salesos-client-address": "203.0.113.4",
      "x-forwarded-for": "6.6.6.6",
    });
    expect(clientAddress(headers)).toBe("203.0.113.4");
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6" }))).toBe("6.6.6.6");
  });
});
