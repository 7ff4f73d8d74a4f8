import type { Store } from "./store";

/**
 * `expand[]`: each dotted path names a field holding an id, replaced by that object (a copy). A list's
 * paths start with `data.` and apply to every item.
 */
export function expand(store: Store, body: unknown, paths: string[]): unknown {
  if (paths.length === 0 || body === null || typeof body !== "object") return body;
  const copy = structuredClone(body) as Record<string, unknown>;
  for (const path of paths) expandPath(store, copy, path.split("."));
  return copy;
}

function expandPath(store: Store, node: unknown, parts: string[]): void {
  if (node === null || typeof node !== "object" || parts.length === 0) return;
  const [head, ...rest] = parts as [string, ...string[]];
  if (Array.isArray(node)) {
    for (const item of node) expandPath(store, item, parts);
    return;
  }
  const record = node as Record<string, unknown>;
  if (head === "data" && Array.isArray(record.data)) {
    for (const item of record.data) expandPath(store, item, rest);
    return;
  }
  let value = record[head];
  if (typeof value === "string") {
    const found = store.byId(value);
    if (found) value = record[head] = structuredClone(found);
  }
  if (rest.length > 0) expandPath(store, value, rest);
}
