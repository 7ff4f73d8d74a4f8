/**
 * Metrics across the cluster (one worker per core, serve.ts). A scrape reaches one worker, but each
 * worker counts only its own requests: the worker asks the primary, which collects every worker's
 * registry over IPC (prom-client's AggregatorRegistry) and answers with the sum.
 */
import cluster from "node:cluster";
import { randomUUID } from "node:crypto";

import { AggregatorRegistry, type Registry } from "prom-client";

const ASK = "salesos:metrics:ask";
const ANSWER = "salesos:metrics:answer";

interface Message {
  type?: string;
  id?: string;
  text?: string;
  error?: string;
}

/** In the primary (serve.ts): answers the workers' requests for the cluster's figures. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on("message", (worker, message: Message) => {
    if (message?.type !== ASK) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id: message.id, text }),
      (error: Error) => worker.send({ type: ANSWER, id: message.id, error: error.message }),
    );
  });
}

/**
 * In a worker, at start: answer the primary's collection requests with this registry. Every worker must
 * do it before the first scrape, or the primary waits for one that never answers.
 */
export function joinClusterMetrics(registry: Registry): void {
  if (!cluster.isWorker) return;
  AggregatorRegistry.setRegistries([registry]);
  // Constructing one installs prom-client's worker-side listener.
  new AggregatorRegistry();
}

/**
 * This process's registry in Prometheus text: summed over the cluster in a worker (so each scrape sees
 * every worker), or the process's own when it runs alone (embedded database).
 */
export function processMetricsText(registry: Registry, timeoutMs = 5_000): Promise<string> {
  if (!cluster.isWorker || !process.send) return registry.metrics();
  const id = randomUUID();
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off("message", onMessage);
      reject(new Error("the cluster's metrics did not arrive in time"));
    }, timeoutMs);
    const onMessage = (message: Message) => {
      if (message?.type !== ANSWER || message.id !== id) return;
      clearTimeout(timer);
      process.off("message", onMessage);
      if (message.error) reject(new Error(message.error));
      else resolve(message.text ?? "");
    };
    process.on("message", onMessage);
    process.send!({ type: ASK, id });
  });
}
