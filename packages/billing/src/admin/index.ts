// Staff (platform admin) functions of the engine: the admin router calls these.
export { listAuditLog } from "./audit-log";
export { decodeCursor, encodeCursor } from "./cursor";
export { organizationForStaff, searchOrganizations } from "./customers";
export { gatewayStatus } from "./gateway-status";
export { revenueMetrics, type RevenueMetrics } from "./metrics";
