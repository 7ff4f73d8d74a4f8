export * from "./currency";
export * from "./rounding";
export * from "./periods";
export * from "./proration";
export * from "./coupons";
export * from "./totals";
