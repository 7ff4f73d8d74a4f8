export * from "./errors";
export * from "./identity";
export * from "./account";
export * from "./billing";
export * from "./money";
export * from "./stripe-env";
export * from "./admin";
export * from "./text";
