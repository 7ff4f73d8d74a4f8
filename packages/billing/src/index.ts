export {
  currencyExponent,
  formatMoney,
  isSupportedCurrency,
  SUPPORTED_CURRENCIES,
} from "./money/currency";
