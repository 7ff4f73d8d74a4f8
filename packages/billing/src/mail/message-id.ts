/** The domain of the From address (`Name <a@b.c>` or `a@b.c`); Message-IDs use it as their right part. */
export function mailDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.split("@")[1]?.trim().toLowerCase();
  return domain && /^[a-z0-9.-]+$/.test(domain) ? domain : "salesos.invalid";
}

/**
 * One Message-ID per thing mailed, never random: if the process dies after the SMTP server accepted the
 * mail but before we recorded it, the retry sends a message with the same id, which receiving systems
 * (and people's mail clients) treat as the same message.
 */
export function stableMessageId(kind: "notification" | "password-reset", id: string, from: string) {
  return `<${kind}.${id.replace(/[^A-Za-z0-9_-]/g, "")}@${mailDomain(from)}>`;
}
