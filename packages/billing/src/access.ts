import type { BillingActor } from "./deps";

/**
 * The one role rule for billing (api.md "Roles", docs/decisions.md): OWNER and ADMIN see and change
 * everything; a MEMBER reads subscriptions only, and no invoice data anywhere: no invoices, amounts
 * due, upcoming-invoice previews, payment attempts, credit notes, balance, notices, payment methods
 * or billing customer. The API's `orgAdminProcedure` and the use cases that do answer a MEMBER
 * (`getSubscription`) both ask this function, so the rule cannot drift between them (the billing
 * page's `canManage` is the same test on the session's role). Any other role is refused.
 */
export function managesBilling(role: BillingActor["role"]): boolean {
  return role === "OWNER" || role === "ADMIN";
}
