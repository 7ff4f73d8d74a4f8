/**
 * Injected failures, per route: `"POST /v1/payment_intents"` matches every path that starts with it
 * (create, and confirm at /v1/payment_intents/{id}/confirm). Each fault fires `times` times, then clears.
 * - error: answer `status` (500 by default) before doing anything, as a Stripe outage would.
 * - hang: wait `ms` before handling (a client with a shorter timeout gives up; the work still happens).
 * - drop: do the work, then kill the connection before answering (the answer is lost).
 */
export type Fault =
  { kind: "error"; status: number } | { kind: "hang"; ms: number } | { kind: "drop" };

interface Armed {
  route: string;
  fault: Fault;
  times: number;
}

export class Faults {
  private armed: Armed[] = [];

  set(route: string, fault: Fault, times = 1): void {
    this.armed.push({ route, fault, times });
  }

  clear(): void {
    this.armed = [];
  }

  /** The fault for this request, if one is armed for it (used up by one). */
  take(request: string): Fault | undefined {
    const armed = this.armed.find((a) => request.startsWith(a.route));
    if (!armed) return undefined;
    armed.times--;
    if (armed.times <= 0) this.armed = this.armed.filter((a) => a !== armed);
    return armed.fault;
  }
}
