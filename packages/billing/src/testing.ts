// Test support shared by this package's tests and the end-to-end suites: the auditor's checks.
export { moneyViolations } from "./testing/money-violations";
export { seedDueSubscriptions } from "./testing/due-subscriptions";
