/**
 * The caller's address: the last `X-Forwarded-For` entry, i.e. the one written by the nearest hop we
 * run (our reverse proxy, or Next.js itself, which sets the header to the socket address when absent).
 */
export function clientAddress(headers: { get(name: string): string | null }): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last || headers.get("x-real-ip") || "unknown";
}
