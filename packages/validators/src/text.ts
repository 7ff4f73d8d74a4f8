import { z } from "zod";

/**
 * The one text type for every string a person (or a REST client) types: names, descriptions, addresses,
 * coupon codes, passwords, and the identifiers and tokens that travel beside them.
 *
 * - Surrounding whitespace is trimmed (not for secrets: a password's spaces are part of it).
 * - U+0000 is refused: PostgreSQL text cannot store it, so it would fail in the database as a 500.
 * - Lone UTF-16 surrogates are refused: they are not Unicode, cannot be encoded as UTF-8 (the database and
 *   every JSON answer would carry U+FFFD or fail), and so cannot be stored or shown as typed.
 * - Each use states its own min and max, counted in Unicode code points after trimming, the way JSON
 *   Schema's `maxLength` (the published OpenAPI document) counts them: "😀" is one character.
 * - Messages are sentences a person can act on.
 */

export const NUL_MESSAGE = "Must not contain the NUL character (U+0000).";
export const LONE_SURROGATE_MESSAGE =
  "Must be valid Unicode: it contains an unpaired surrogate (U+D800–U+DFFF).";

// With the u flag a well-formed pair is one code point (not Cs), so only a lone surrogate matches.
const LONE_SURROGATE = /\p{Cs}/u;

/** Why this string cannot be stored as text, or undefined when it can. Also used on raw input (trpc.ts). */
export function textProblem(value: string): string | undefined {
  if (value.includes("\u0000")) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(value)) return LONE_SURROGATE_MESSAGE;
  return undefined;
}

const characters = (n: number) => `${n} character${n === 1 ? "" : "s"}`;

export interface TextOptions {
  /** The longest accepted value, in code points after trimming. Every use states one. */
  max: number;
  /** The shortest accepted value (default 0: empty text is accepted). */
  min?: number;
  /** Default true. False for secrets (passwords), which are taken exactly as typed. */
  trim?: boolean;
  /** Instead of the default message when shorter than `min`, e.g. "Enter your name.". */
  tooShort?: string;
  /** Instead of the default message when longer than `max`. */
  tooLong?: string;
}

/**
 * A string of text, refused with one clear message per field. Still a `ZodString`, so a use can add its
 * format (`.regex()`, `.toUpperCase()`, `.pipe(z.email())`) and the OpenAPI document shows min/maxLength.
 */
export function text(options: TextOptions) {
  const { max, min = 0, trim = true } = options;
  if (!Number.isInteger(max) || max < Math.max(min, 1))
    throw new RangeError(`text(): max must be a positive integer ≥ min, got ${max}`);
  const base = z.string({
    error: (issue) => (issue.input === undefined ? "Required." : "Must be text."),
  });
  const schema = (trim ? base.trim() : base).check((payload) => {
    const problem = textProblem(payload.value);
    // `continue: false` stops the checks after this one: a refused character is the only message.
    if (problem)
      payload.issues.push({
        code: "custom",
        message: problem,
        input: payload.value,
        continue: false,
      });
  });
  const bounded =
    min > 0
      ? schema.min(min, {
          message:
            options.tooShort ??
            (min === 1 ? "Must not be empty." : `Must be at least ${characters(min)}.`),
          abort: true,
        })
      : schema;
  return bounded.max(max, {
    message: options.tooLong ?? `Must be at most ${characters(max)}.`,
    abort: true,
  });
}

/**
 * An opaque token from a page or an earlier answer (a cursor, a preview id): never trimmed, since it is
 * compared as sent, and bounded like any text.
 */
export const token = (max: number) => text({ max, trim: false });
