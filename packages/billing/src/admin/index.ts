// Staff (platform admin) functions of the engine: the admin router calls these.
export { listAuditLog } from "./audit-log";
export { decodeCursor, encodeCursor } from "./cursor";
export { organizationForStaff, searchOrganizations } from "./customers";
export { gatewayStatus } from "./gateway-status";
export { revenueMetrics, type RevenueMetrics } from "./metrics";
export {
  extendTrial,
  grantBalanceCredit,
  MAX_CREDIT_GRANT,
  resyncCustomer,
  retryInvoicePayment,
  staffActor,
  voidInvoice,
} from "./actions";
export { createCoupon, listCouponRedemptions, listCoupons, updateCoupon } from "./coupons";
export type { StaffRef } from "./staff-audit";
export { listTaxRates, upsertTaxRate } from "./tax-rates";
export { createPlan, listPlansForStaff, setPlanPrice, updatePlan } from "./plans";
