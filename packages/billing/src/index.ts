export * from "./money";
export { renderInvoicePdf, toWinAnsi, type InvoicePdfData, type InvoicePdfLine } from "./pdf";
export type { BillingActor, BillingDeps } from "./deps";
export { managesBilling } from "./access";
export {
  GatewayError,
  type CardDetails,
  type ChargeResult,
  type CustomerProfile,
  type GatewayEvent,
  type PaymentGateway,
} from "./gateways/port";
export { LocalGateway } from "./gateways/local/local-gateway";
export { StripeGateway, STRIPE_API_VERSION } from "./gateways/stripe/stripe-gateway";
export { syncHostedCheckout, type HostedCheckoutOutcome } from "./usecases/hosted-checkout";
export { applyGatewayEvent, processGatewayEvent } from "./webhooks/process-event";
export { startCardSetup } from "./usecases/gateway-cards";
export { settleConfirmedPayment, type ConfirmedPayment } from "./attempts/confirm-return";
export { tokenizeCard, type CardInput, type CardToken } from "./gateways/local/tokenize";
export { TEST_CARDS } from "./gateways/local/cards";
export { advanceBilling, type ClockSummary } from "./clock/advance-billing";
export { ATTEMPT_LEASE_MS, reconcileAttempts, type ReconcileSummary } from "./attempts/reconcile";
export { refundCharge, refundableAmount } from "./attempts/refund";
export { createCreditNote } from "./credit-notes/create";
export { toCreditNoteView, type CreditNoteView } from "./credit-notes/issue";
export { listBalanceTransactions, type BalanceEntryView } from "./balance";
export { CRASH_POINTS, SimulatedCrash, type CrashPoint } from "./attempts/crash";
export { RETRY_DAYS } from "./clock/collection";
export * from "./views";
export { startCheckout, type StartCheckoutInput } from "./usecases/checkout";
export { completeCheckout, type CheckoutOutcome } from "./usecases/checkout-complete";
export { getCheckoutResult, type CheckoutResultView } from "./usecases/checkout-result";
export {
  createPortalSession,
  ensureCustomer,
  getBillingCustomer,
  updateBillingCustomer,
  type BillingCustomerUpdate,
} from "./usecases/customers";
export { validateCoupon, type CouponQuery, type CouponValidation } from "./usecases/coupons";
export {
  cancelSubscription,
  getSubscription,
  listSubscriptions,
  resumeSubscription,
} from "./usecases/subscriptions";
export { changePlan, previewPlanChange } from "./usecases/change-plan";
export type { ChangeRequest } from "./usecases/change-plan-preview";
export { getInvoice, payInvoice } from "./usecases/invoices";
export { renderInvoicePdfFor } from "./usecases/invoice-pdf";
export { listPublicPlans } from "./usecases/plans";
export { listInvoices, type InvoiceListQuery, type InvoicePage } from "./usecases/invoice-list";
export {
  addPaymentMethod,
  listPaymentMethods,
  removePaymentMethod,
  setDefaultPaymentMethod,
} from "./usecases/payment-methods";
export type { PageOf, PageQuery } from "./usecases/pagination";
export { createBillingDeps, DEV_MAIL_FROM, type BillingRuntimeConfig } from "./runtime";
export * from "./mail";
export { seedDemoBilling, seedDemoCoupons } from "./seed/demo-billing";
export { getCheckoutSummary, getUpcomingInvoice } from "./usecases/summaries";
export { listNotifications, type NoticeView } from "./usecases/notifications";
export * from "./admin";
export {
  JobQueue,
  type EnqueuedCounts,
  type ExtraHandler,
  type JobQueueOptions,
  type JobsWorked,
} from "./jobs/queue";
export { GATEWAY_EVENT_JOB, JOBS, type BillingJobName, type QueueSettings } from "./jobs/names";
export { batchOrEach, type BatchFailures, type QueuedJob } from "./jobs/handlers";
export { findDueWork, type DueWork } from "./jobs/due";
export { listDeadJobs, queueCounts, retryDeadJob, type DeadJob } from "./jobs/dead-letters";
