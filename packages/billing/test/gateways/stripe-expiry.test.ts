import { describe, expect, it } from "vitest";

import { stripeExpiry } from "../../src/gateways/stripe/checkout-sessions";

describe("the expiry we send to Stripe's Checkout", () => {
  const wall = Date.UTC(2026, 11, 4, 12, 0, 0);
  const seconds = (ms: number) => Math.floor(ms / 1000);

  it("keeps ours when Stripe's window (30 minutes to 24 hours by its clock) allows it", () => {
    expect(stripeExpiry(new Date(wall + 3_600_000), wall)).toBe(seconds(wall + 3_600_000));
  });

  it("moves a back-dated or too-near expiry to 31 minutes, a too-far one to just under 24 hours", () => {
    expect(stripeExpiry(new Date(wall - 60 * 86_400_000), wall)).toBe(seconds(wall) + 31 * 60);
    expect(stripeExpiry(new Date(wall + 5 * 60_000), wall)).toBe(seconds(wall) + 31 * 60);
    expect(stripeExpiry(new Date(wall + 3 * 86_400_000), wall)).toBe(seconds(wall) + 86_400 - 60);
  });
});
