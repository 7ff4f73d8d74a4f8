export { createLogger, maskCardNumbers, REDACT_PATHS, scrub, type Logger } from "./logger";
export {
  currentRequestId,
  log,
  requestIdFrom,
  rootLogger,
  setRootLogger,
  withRequest,
} from "./request-context";
