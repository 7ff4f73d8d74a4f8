// Test support shared by this package's tests and the end-to-end suites: the auditor's checks.
export { moneyViolations } from "./testing/money-violations";
export { seedDueSubscriptions } from "./testing/due-subscriptions";
// The clock's claim statements, for the EXPLAIN script (apps/web/scripts/explain-hot-paths.ts), which
// runs them inside a transaction it rolls back.
export { claimRenewals } from "./clock/renew-load";
export { claimCollections } from "./clock/collect-due";
