import { textProblem } from "@salesos/validators";

export interface UnstorableText {
  /** Where it is: object keys and array indexes from the input's root (a key itself when the key is bad). */
  path: (string | number)[];
  /** The text type's message (NUL or a lone surrogate). */
  message: string;
}

/*
 * Deeper than any input schema goes (and the REST door already refuses JSON past 32 levels): whatever sits
 * below is refused by the schema's shape anyway, so the walk need not follow it.
 */
const MAX_DEPTH = 32;

/**
 * The first string (value or object key) anywhere in a raw input that the text type would refuse: U+0000,
 * which PostgreSQL text cannot store, or a lone UTF-16 surrogate, which is not Unicode and cannot be
 * written as UTF-8. Runs before any schema, so fields that are not user text (enums, dates, unknown keys)
 * are covered too. `seen` guards against cycles: superjson can rebuild shared references.
 */
export function findUnstorableText(
  value: unknown,
  path: (string | number)[] = [],
  seen = new WeakSet<object>(),
): UnstorableText | null {
  if (typeof value === "string") {
    const message = textProblem(value);
    return message ? { path, message } : null;
  }
  if (value === null || typeof value !== "object" || path.length >= MAX_DEPTH || seen.has(value))
    return null;
  seen.add(value);
  for (const [key, child] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    if (keyProblem) return { path: [...path, key], message: keyProblem };
    const found = findUnstorableText(
      child,
      [...path, Array.isArray(value) ? Number(key) : key],
      seen,
    );
    if (found) return found;
  }
  return null;
}
