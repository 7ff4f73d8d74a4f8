import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { authRouter } from "./routers/auth";
import { paymentsRouter } from "./routers/payments";
import { plansRouter } from "./routers/plans";
import { createCallerFactory, createTRPCRouter } from "./trpc";

/** The one router: the app calls it through /api/trpc, REST consumers through /v1 (rest.ts). */
export const appRouter = createTRPCRouter({
  auth: authRouter,
  account: accountRouter,
  plans: plansRouter,
  payments: paymentsRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
