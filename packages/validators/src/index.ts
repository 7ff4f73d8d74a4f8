export * from "./errors";
export * from "./identity";
export * from "./billing";
export * from "./money";
export * from "./stripe-env";
export * from "./admin";
