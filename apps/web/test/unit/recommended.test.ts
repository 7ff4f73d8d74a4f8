import { describe, expect, it } from "vitest";

import { recommendedPlanId } from "../../src/app/pricing/recommended";

describe("the recommended plan on /pricing", () => {
  it("is the PROFESSIONAL tier's plan, or none", () => {
    const plans = [
      { id: "free", tier: "FREE" },
      { id: "starter", tier: "STARTER" },
      { id: "pro", tier: "PROFESSIONAL" },
      { id: "ent", tier: "ENTERPRISE" },
    ];
    expect(recommendedPlanId(plans)).toBe("pro");
    expect(recommendedPlanId(plans.filter((p) => p.tier !== "PROFESSIONAL"))).toBeNull();
  });
});
