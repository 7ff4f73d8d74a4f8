import { createTRPCRouter } from "../../trpc";
import { attemptsRouter } from "./attempts";
import { checkoutRouter } from "./checkout";
import { couponsRouter } from "./coupons";
import { customerRouter } from "./customer";
import { invoicesRouter } from "./invoices";
import { localRouter } from "./local";
import { notificationsRouter } from "./notifications";
import { paymentMethodsRouter } from "./payment-methods";
import { subscriptionsRouter } from "./subscriptions";

/** The one payments router: the app (tRPC) and REST (/v1/payments/...) both call these procedures. */
export const paymentsRouter = createTRPCRouter({
  coupons: couponsRouter,
  checkout: checkoutRouter,
  customer: customerRouter,
  subscriptions: subscriptionsRouter,
  invoices: invoicesRouter,
  paymentMethods: paymentMethodsRouter,
  local: localRouter,
  notifications: notificationsRouter,
  attempts: attemptsRouter,
});
