import { createHmac } from "node:crypto";

import { newId, unixNow } from "./ids";
import type { Store, StripeObject } from "./store";

export const API_VERSION = "2026-10-28.endive";

/** Switches a test flips to make delivery misbehave the ways Stripe's does. */
export interface DeliverySwitches {
  /** Extra copies of every delivery (Stripe delivers at least once). */
  duplicate: number;
  /** Hold deliveries and send each batch newest first when `flush()` is called. */
  reorder: boolean;
  /** Wait this long before each delivery. */
  delayMs: number;
  /** Drop this many deliveries without sending them (the network lost them); Stripe retries. */
  drop: number;
  /** Retries after a non-2xx answer or a network error. */
  retries: number;
  retryDelayMs: number;
}

export interface DeliveryRecord {
  eventId: string;
  type: string;
  url: string;
  status: number | "network_error" | "dropped";
  attempt: number;
}

/** `t=<timestamp>,v1=<HMAC-SHA256 of "<t>.<payload>">`, Stripe's signature scheme. */
export function signPayload(payload: string, secret: string, timestamp = unixNow()): string {
  const signature = createHmac("sha256", secret).update(`${timestamp}.${payload}`).digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

export class Webhooks {
  readonly switches: DeliverySwitches = {
    duplicate: 0,
    reorder: false,
    delayMs: 0,
    drop: 0,
    retries: 3,
    retryDelayMs: 200,
  };
  readonly log: DeliveryRecord[] = [];
  private held: { event: StripeObject; endpoint: StripeObject & { secret?: string } }[] = [];
  private inFlight = new Set<Promise<void>>();

  constructor(private readonly store: Store) {}

  /** Records the event and delivers it to every enabled endpoint that listens for its type. */
  emit(
    type: string,
    object: StripeObject,
    previous?: Record<string, unknown>,
    request: { id: string | null; idempotency_key: string | null } = {
      id: null,
      idempotency_key: null,
    },
  ): StripeObject {
    const endpoints = [...this.store.webhookEndpoints.values()].filter(
      (e) =>
        e.status === "enabled" &&
        ((e.enabled_events as string[]).includes("*") ||
          (e.enabled_events as string[]).includes(type)),
    );
    const event: StripeObject = {
      id: newId("evt"),
      object: "event",
      api_version: API_VERSION,
      created: unixNow(),
      data: {
        object: structuredClone(object),
        ...(previous ? { previous_attributes: previous } : {}),
      },
      livemode: false,
      pending_webhooks: endpoints.length,
      request,
      type,
    };
    this.store.events.set(event.id, event);
    for (const endpoint of endpoints) {
      if (this.switches.reorder) this.held.push({ event, endpoint });
      else this.track(this.deliver(event, endpoint));
    }
    return event;
  }

  /** Sends what `reorder` held back, newest first. */
  flush(): void {
    const batch = this.held.reverse();
    this.held = [];
    for (const { event, endpoint } of batch) this.track(this.deliver(event, endpoint));
  }

  /** Resolves when no delivery is in flight (retries included). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(delivery: Promise<void>): void {
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  private async deliver(
    event: StripeObject,
    endpoint: StripeObject & { secret?: string },
  ): Promise<void> {
    const copies = 1 + this.switches.duplicate;
    await Promise.all(Array.from({ length: copies }, () => this.send(event, endpoint, 1)));
    event.pending_webhooks = Math.max((event.pending_webhooks as number) - 1, 0);
  }

  private async send(
    event: StripeObject,
    endpoint: StripeObject & { secret?: string },
    attempt: number,
  ) {
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    if (this.switches.delayMs > 0) await pause(this.switches.delayMs);
    const record = {
      eventId: event.id,
      type: event.type as string,
      url: endpoint.url as string,
      attempt,
    };
    let delivered = false;
    if (this.switches.drop > 0) {
      this.switches.drop--;
      this.log.push({ ...record, status: "dropped" });
    } else {
      const payload = JSON.stringify(event);
      try {
        const res = await fetch(endpoint.url as string, {
          method: "POST",
          headers: {
            "Content-Type": "application/json; charset=utf-8",
            "Stripe-Signature": signPayload(payload, endpoint.secret ?? ""),
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          },
          body: payload,
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        this.log.push({ ...record, status: res.status });
        delivered = res.status >= 200 && res.status < 300;
      } catch {
        this.log.push({ ...record, status: "network_error" });
      }
    }
    if (!delivered && attempt <= this.switches.retries) {
      await pause(this.switches.retryDelayMs * attempt);
      await this.send(event, endpoint, attempt + 1);
    }
  }
}
