import { accountRouter } from "./routers/account";
import { authRouter } from "./routers/auth";
import { createCallerFactory, createTRPCRouter } from "./trpc";

/** The one router: the app calls it through /api/trpc, REST consumers through /v1 (rest.ts). */
export const appRouter = createTRPCRouter({
  auth: authRouter,
  account: accountRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
