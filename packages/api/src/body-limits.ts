/**
 * Limits on what a request body may be, checked before any of it is parsed: its size (the production
 * server stops reading at the limit, see node-http.ts) and the nesting depth of its JSON (a parser
 * recursing through 50,000 levels is a denial of service however small the body).
 */
import { AppError } from "@salesos/validators";

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
/** Our deepest input is 3 levels; 32 leaves room and stops pathological nesting. */
export const MAX_JSON_DEPTH = 32;

/** The configured limit (API_BODY_LIMIT_BYTES), read once at start. */
export function bodyLimitBytes(value = process.env.API_BODY_LIMIT_BYTES): number {
  if (value === undefined || value === "") return DEFAULT_BODY_LIMIT_BYTES;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1024 || n > 100 * 1024 * 1024)
    throw new Error("API_BODY_LIMIT_BYTES must be a whole number of bytes from 1024 to 104857600.");
  return n;
}

export function payloadTooLarge(message: string): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", message);
}

/** True when the JSON text opens more than `max` arrays/objects at once (strings are skipped). */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}
