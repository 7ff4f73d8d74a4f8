export {
  currencyExponent,
  formatMoney,
  isSupportedCurrency,
  SUPPORTED_CURRENCIES,
} from "@salesos/validators";
export * from "./rounding";
export * from "./periods";
export * from "./proration";
export * from "./coupons";
export * from "./totals";
export * from "./paid-terms";
export * from "./describe";
