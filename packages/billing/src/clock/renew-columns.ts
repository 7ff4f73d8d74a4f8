/** The columns the renewal batch writes, with their SQL types (see bulk/sql.ts). */
import type { ColumnTypes } from "../bulk/sql";

const TS = "timestamp(3)";

export const INVOICE: ColumnTypes = {
  id: "text",
  organization_id: "text",
  customer_id: "text",
  subscription_id: "text",
  number: "text",
  status: '"InvoiceStatus"',
  billing_reason: '"BillingReason"',
  currency: "text",
  subtotal: "int",
  discount_amount: "int",
  tax_amount: "int",
  tax_rate_bps: "int",
  tax_label: "text",
  total: "int",
  credit_applied: "int",
  amount_paid: "int",
  amount_due: "int",
  coupon_code: "text",
  period_start: TS,
  period_end: TS,
  period_key: "text",
  issued_at: TS,
  due_at: TS,
  paid_at: TS,
  customer_snapshot: "jsonb",
  gateway: '"Gateway"',
  created_at: TS,
};

export const LINE: ColumnTypes = {
  id: "text",
  invoice_id: "text",
  position: "int",
  description: "text",
  quantity: "int",
  unit_amount: "int",
  amount: "int",
  period_start: TS,
  period_end: TS,
  proration: "boolean",
};

/** A renewed subscription's next period (renewedTerms), and the discount as it stands. */
export const RENEWED: ColumnTypes = {
  status: '"SubscriptionStatus"',
  plan_id: "text",
  billing_cycle: '"BillingCycle"',
  quantity: "int",
  unit_amount: "int",
  billing_anchor: TS,
  current_period_start: TS,
  current_period_end: TS,
  pending_plan_id: "text",
  pending_unit_amount: "int",
  pending_billing_cycle: '"BillingCycle"',
  pending_quantity: "int",
  payment_attempts: "int",
  next_payment_attempt_at: TS,
  paid_amount: "int",
  paid_tax: "int",
  paid_from: TS,
  coupon_id: "text",
  discount_percent_off: "int",
  discount_amount_off: "int",
  discount_ends_at: TS,
  discount_once: "boolean",
  updated_at: TS,
};
