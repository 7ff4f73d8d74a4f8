export { startStripeTestServer, type StripeTestServer } from "./server";
export { API_VERSION, signPayload, type DeliverySwitches, type DeliveryRecord } from "./webhooks";
export type { Fault } from "./faults";
export { CARD_ALIASES } from "./cards";
