export { joinClusterMetrics, serveClusterMetrics } from "./cluster-metrics";
export { createServerMetrics, type ServerMetrics } from "./metrics";
export { metricsToken, serveOps, type OpsOptions } from "./ops-http";
export {
  queueHealth,
  queueWorkersExpected,
  registerQueueHealth,
  type QueueHealth,
} from "./queue-health";
export { checkReadiness, DATABASE_TIMEOUT_MS, type Readiness } from "./readiness";
export { pageTemplates, routeLabel, type Template } from "./route-label";
