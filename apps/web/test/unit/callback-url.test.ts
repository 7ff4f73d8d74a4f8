import { describe, expect, it } from "vitest";

import { keepingCallback, safeCallbackUrl } from "../../src/lib/callback-url";

describe("callbackUrl between sign-in and sign-up", () => {
  it("keeps a path of this site, encoded", () => {
    expect(keepingCallback("/sign-up", "/pricing?plan=professional&seats=3")).toBe(
      "/sign-up?callbackUrl=%2Fpricing%3Fplan%3Dprofessional%26seats%3D3",
    );
    expect(keepingCallback("/sign-in", "/billing")).toBe("/sign-in?callbackUrl=%2Fbilling");
  });
  it("drops anything that could leave the site", () => {
    for (const bad of [
      "//evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      "",
      undefined,
      ["/a", "/b"],
    ]) {
      expect(safeCallbackUrl(bad)).toBeNull();
      expect(keepingCallback("/sign-up", bad)).toBe("/sign-up");
    }
  });
});
