import type { BillingDeps } from "../deps";

/** The money steps where a test may stop the process: right after the gateway answered, before our commit. */
export const CRASH_POINTS = [
  "checkout.charged",
  "plan_change.charged",
  "invoice.charged",
  "refund.sent",
] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

/** A stand-in for `kill -9` in tests that run in-process: nothing after it runs. */
export class SimulatedCrash extends Error {
  constructor(readonly point: CrashPoint) {
    super(`simulated crash at ${point}`);
    this.name = "SimulatedCrash";
  }
}

/**
 * The fault switch: when the deps name this point, the process dies here (SIGKILL: no cleanup, no
 * `finally`), or, in-process tests, a SimulatedCrash is thrown that nothing in the engine catches.
 */
export function crashPoint(deps: BillingDeps, point: CrashPoint): void {
  const faults = deps.faults;
  if (!faults || faults.crashAt !== point) return;
  if (faults.mode === "throw") throw new SimulatedCrash(point);
  process.kill(process.pid, "SIGKILL");
}
