import { checkoutFinalizer } from "../usecases/checkout-effect";
import { invoiceFinalizer } from "../clock/invoice-effect";
import { planChangeFinalizer } from "../usecases/change-plan-effect";
import type { FinalizerRegistry } from "./types";

/** The reconciler finishes an attempt with the same finalizer its request would have used. */
export const FINALIZERS: FinalizerRegistry = {
  CHECKOUT: checkoutFinalizer,
  PLAN_CHANGE: planChangeFinalizer,
  INVOICE: invoiceFinalizer,
};
