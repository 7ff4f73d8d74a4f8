import { StripeApiError } from "./errors";

interface Entry {
  fingerprint: string;
  result?: { status: number; body: unknown };
}

/**
 * Stripe's Idempotency-Key rules: the same key with the same request answers the first result again
 * (`Idempotent-Replayed: true`); the same key with other parameters is 400 `idempotency_error`; a key
 * whose first request is still running is 409. Server errors are not remembered (a retry runs again).
 */
export class Idempotency {
  private entries = new Map<string, Entry>();

  async run(
    key: string,
    fingerprint: string,
    execute: () => Promise<{ status: number; body: unknown }>,
  ): Promise<{ status: number; body: unknown; replayed: boolean }> {
    const existing = this.entries.get(key);
    if (existing) {
      if (existing.fingerprint !== fingerprint)
        return {
          status: 400,
          body: {
            error: {
              type: "idempotency_error",
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            },
          },
          replayed: false,
        };
      if (!existing.result)
        return {
          status: 409,
          body: {
            error: {
              type: "idempotency_error",
              code: "idempotency_key_in_use",
              message:
                "There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through).",
            },
          },
          replayed: false,
        };
      return { ...existing.result, replayed: true };
    }
    const entry: Entry = { fingerprint };
    this.entries.set(key, entry);
    try {
      const result = await execute();
      if (result.status >= 500) this.entries.delete(key);
      else entry.result = result;
      return { ...result, replayed: false };
    } catch (error) {
      this.entries.delete(key);
      if (error instanceof StripeApiError) throw error;
      throw error;
    }
  }
}
