/**
 * The server's one logger: JSON lines on stdout (pino), one object per event, so a log shipper can index
 * them without parsing prose. What must never reach a log is removed here, once, for every caller:
 * credentials (Authorization and Cookie headers, passwords, tokens, secrets) by key at any depth, and
 * anything shaped like a card number in any string.
 */
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

const CENSOR = "[redacted]";

/** pino's own redaction for the known places (fast paths, checked before our deeper scrub). */
export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["set-cookie"]',
  "res.headers.authorization",
  'res.headers["set-cookie"]',
  "headers.authorization",
  "headers.cookie",
];

/** Keys whose value is a credential or card data, wherever they appear (compared lower-case). */
const SECRET_KEY =
  /^(authorization|cookie|set-cookie|password|newpassword|currentpassword|token|accesstoken|refreshtoken|secret|.*_secret|.*secret$|apikey|api_key|cardnumber|card_number|cvc|cvv|pan)$/i;

/** 13–19 digits, optionally grouped by spaces or dashes: a card number (PAN) in free text. */
const PAN = /\b(?:\d[ -]?){12,18}\d\b/g;

export function maskCardNumbers(text: string): string {
  return text.replace(PAN, CENSOR);
}

/** The same error (same class, so pino's `type` is right) with card numbers masked in its text. */
function maskError(error: Error): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  for (const key of Object.getOwnPropertyNames(error)) {
    const item = (error as unknown as Record<string, unknown>)[key];
    Object.defineProperty(copy, key, {
      value: typeof item === "string" ? maskCardNumbers(item) : item,
      writable: true,
      configurable: true,
      enumerable: key !== "message" && key !== "stack",
    });
  }
  return copy;
}

/** A copy of `value` with secret keys censored and card numbers masked, at any depth (cycles cut). */
export function scrub(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return maskCardNumbers(value);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Error) return maskError(value);
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && item !== undefined ? CENSOR : scrub(item, seen);
  }
  return out;
}

export function createLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL ?? "info",
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      // Errors keep pino's serializer (type, message, stack); every other object is scrubbed.
      serializers: { err: pino.stdSerializers.err },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrub(object) as Record<string, unknown>,
      },
      hooks: {
        // The message text too: a card number pasted into an error message must not be written out.
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg: unknown) =>
              typeof arg === "string"
                ? maskCardNumbers(arg)
                : arg instanceof Error
                  ? maskError(arg)
                  : arg,
            ) as Parameters<typeof method>,
          );
        },
      },
    },
    destination,
  );
}
