/**
 * Where to go after signing in or up (`?callbackUrl=`): only a path of this site, never another origin
 * ("//evil.example" is one), so the link cannot become an open redirect.
 */
export function safeCallbackUrl(value: unknown): string | null {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//")
    ? value
    : null;
}

/**
 * A link between sign-in and sign-up that keeps the visitor's destination (e.g. a plan chosen on
 * /pricing), so switching forms does not lose it.
 */
export function keepingCallback(path: "/sign-in" | "/sign-up", callbackUrl: unknown): string {
  const safe = safeCallbackUrl(callbackUrl);
  return safe ? `${path}?callbackUrl=${encodeURIComponent(safe)}` : path;
}
