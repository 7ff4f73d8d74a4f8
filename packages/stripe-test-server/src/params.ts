import { invalidRequest, missingParameter, unknownParameter } from "./errors";

/** A decoded form body or query: nested objects and arrays of strings (Stripe's bracket notation). */
export type Params = Record<string, unknown>;

/** Stripe refuses any parameter it does not know; so do we (only `expand` is allowed everywhere). */
export function allowOnly(params: Params, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (key !== "expand" && !allowed.includes(key)) throw unknownParameter(key);
  }
}

export function str(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalidRequest(`Invalid string: ${name}`, name);
  return value;
}

export function requiredStr(params: Params, name: string): string {
  const value = str(params, name);
  if (value === undefined || value === "") throw missingParameter(name);
  return value;
}

export function int(params: Params, name: string): number | undefined {
  const value = str(params, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value))
    throw invalidRequest(`Invalid integer: ${value}`, name, "parameter_invalid_integer");
  return Number(value);
}

export function bool(params: Params, name: string): boolean | undefined {
  const value = str(params, name);
  if (value === undefined) return undefined;
  if (value !== "true" && value !== "false")
    throw invalidRequest(`Invalid boolean: ${value}`, name, "parameter_invalid_boolean");
  return value === "true";
}

export function obj(params: Params, name: string): Params | undefined {
  const value = params[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalidRequest(`Invalid object: ${name}`, name, "parameter_invalid_object");
  return value as Params;
}

/** `metadata[...]`: string values only; an empty string deletes the key (Stripe's rule). */
export function mergeMetadata(
  current: Record<string, string>,
  params: Params,
): Record<string, string> {
  const given = obj(params, "metadata");
  if (!given) return current;
  const next = { ...current };
  for (const [key, value] of Object.entries(given)) {
    if (typeof value !== "string") throw invalidRequest("Invalid metadata", `metadata[${key}]`);
    if (value === "") delete next[key];
    else next[key] = value;
  }
  return next;
}

export function expandList(params: Params): string[] {
  const value = params.expand;
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "object" && value !== null)
    return Object.values(value).map((v) => `${v as string}`);
  return typeof value === "string" ? [value] : [];
}
