import { createHash } from "node:crypto";

import { LRUCache } from "lru-cache";

import type { InvoicePdfData } from "./types";

/**
 * Rendered PDFs by the exact data they were drawn from (its SHA-256): a finalized invoice changes only
 * by what the document shows (paid, a credit note, a dispute), and any such change is a new key — so a
 * cached PDF is never stale, and an unchanged invoice is drawn once per process. Bounded by bytes.
 */
const cache = new LRUCache<string, Uint8Array>({
  maxSize: 32 * 1024 * 1024,
  sizeCalculation: (bytes) => bytes.byteLength || 1,
});

export async function cachedPdf(
  data: InvoicePdfData,
  render: (data: InvoicePdfData) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const key = createHash("sha256").update(JSON.stringify(data)).digest("base64url");
  const hit = cache.get(key);
  if (hit) return hit;
  const bytes = await render(data);
  cache.set(key, bytes);
  return bytes;
}

/** Tests: how many documents are held. */
export function cachedPdfCount(): number {
  return cache.size;
}
