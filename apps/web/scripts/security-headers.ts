import { randomBytes } from "node:crypto";

/**
 * On every answer, pages and API alike: no framing (clickjacking of the sign-in and billing pages), no
 * MIME sniffing, no full URLs in Referer to other sites, and HSTS when the public URL is HTTPS.
 */
export function securityHeadersFor(publicUrl: string | undefined): [string, string][] {
  const headers: [string, string][] = [
    ["Content-Security-Policy", API_POLICY],
    ["X-Frame-Options", "DENY"],
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
  ];
  if (publicUrl?.startsWith("https://"))
    headers.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
  return headers;
}

/** JSON and PDF answers load nothing and are never framed. */
const API_POLICY = "frame-ancestors 'none'";

/** A fresh, unguessable nonce for one page answer. */
export function newNonce(): string {
  return randomBytes(18).toString("base64");
}

/**
 * The pages' policy. Scripts run only with this answer's nonce (Next.js puts it on every script it
 * writes, having read it from the request's own Content-Security-Policy header, which the server sets);
 * 'strict-dynamic' lets those scripts load the app's other chunks, and nothing injected into the page
 * runs. Styles allow inline `style` attributes (React and the API reference set them; they cannot carry
 * nonces, and they do not run code). Everything else is our own origin only, and forms post only to it.
 */
export function pagePolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
