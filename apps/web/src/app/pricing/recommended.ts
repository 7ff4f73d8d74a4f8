/**
 * The plan /pricing marks as recommended, by one rule (docs/decisions.md): the plan of the PROFESSIONAL
 * tier, when one is on sale — the tier made for teams that grow, between the entry plan and the one for
 * large organizations. None when no such plan is on the page: nothing is marked rather than a guess.
 */
export function recommendedPlanId(plans: { id: string; tier: string }[]): string | null {
  return plans.find((plan) => plan.tier === "PROFESSIONAL")?.id ?? null;
}
