import { z } from "zod";

/** Mail settings, validated by the server at boot and by the API: the same rules in one place. */
export const mailEnvShape = {
  /** Set: mail goes out over SMTP (smtp://user:pass@host:587 or smtps://…:465). Unset: the dev mailbox. */
  SMTP_URL: z
    .url({
      protocol: /^smtps?$/,
      message:
        "SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtps://user:pass@smtp.example.com:465",
    })
    .optional(),
  /** The From header of every mail: `SalesOS Billing <billing@example.com>` or an address. */
  MAIL_FROM: z
    .string()
    .regex(
      /^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
      "MAIL_FROM must be an address or `Name <address>`, e.g. SalesOS Billing <billing@example.com>",
    )
    .optional(),
};

/** For `.refine()`: real mail needs a real sender (the dev mailbox has its own default). */
export const mailFromRequired: [
  (env: { SMTP_URL?: string | undefined; MAIL_FROM?: string | undefined }) => boolean,
  { message: string; path: string[] },
] = [
  (env) => !env.SMTP_URL || Boolean(env.MAIL_FROM),
  { message: "MAIL_FROM is required when SMTP_URL is set.", path: ["MAIL_FROM"] },
];

/** The engine's mail configuration from validated env (createBillingDeps's `mail`). */
export function mailConfig(env: { SMTP_URL?: string | undefined; MAIL_FROM?: string | undefined }) {
  return { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM };
}

/** For command-line scripts: SMTP_URL and MAIL_FROM of `process.env`, validated by the same rules. */
export function mailConfigFromProcessEnv() {
  return mailConfig(
    z
      .object(mailEnvShape)
      .refine(...mailFromRequired)
      .parse(process.env),
  );
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The dev mailbox page shows every stored mail, password-reset links included, to whoever opens it,
 * signed in or not (the reset flow is read signed out). So it exists only where nothing is mailed
 * (no SMTP_URL) and the app's public URL is this machine: `pnpm dev`, the localhost demo of
 * `pnpm start`, and the browser tests. Anywhere else it is a 404.
 */
export function devMailboxEnabled(env: {
  SMTP_URL?: string | undefined;
  NEXTAUTH_URL?: string | undefined;
}): boolean {
  if (env.SMTP_URL) return false;
  if (!env.NEXTAUTH_URL) return true; // the default public URL is http://localhost:$PORT
  try {
    return LOCAL_HOSTS.has(new URL(env.NEXTAUTH_URL).hostname);
  } catch {
    return false;
  }
}
