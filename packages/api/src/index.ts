export { appRouter, createCaller, type AppRouter } from "./root";
export { createContext, createContextForActor, type Context } from "./context";
export { ERROR_TABLE } from "./errors";
export { openApiDocument } from "./openapi";
export { billingDepsFor, cronAuthorized } from "./billing";
export { trpcRequestWithinLimits } from "./trpc-body";
