import { describe, expect, it } from "vitest";
import { z } from "zod";

import { devMailboxEnabled, mailEnvShape, mailFromRequired } from "../src";

const schema = z.object(mailEnvShape).refine(...mailFromRequired);

describe("mail environment", () => {
  it("accepts smtp:// and smtps:// with a sender, and requires MAIL_FROM with SMTP_URL", () => {
    expect(
      schema.safeParse({ SMTP_URL: "smtps://u:p@smtp.example.com:465", MAIL_FROM: "b@example.com" })
        .success,
    ).toBe(true);
    expect(
      schema.safeParse({
        SMTP_URL: "smtp://127.0.0.1:2525",
        MAIL_FROM: "SalesOS Billing <billing@example.com>",
      }).success,
    ).toBe(true);
    const noFrom = schema.safeParse({ SMTP_URL: "smtp://127.0.0.1:2525" });
    expect(noFrom.success).toBe(false);
    expect(noFrom.error?.issues[0]?.message).toBe("MAIL_FROM is required when SMTP_URL is set.");
    expect(schema.safeParse({ SMTP_URL: "https://smtp.example.com" }).success).toBe(false);
    expect(schema.safeParse({ MAIL_FROM: "not an address" }).success).toBe(false);
    expect(schema.safeParse({}).success).toBe(true);
  });

  it("offers the dev mailbox only without SMTP and on a local public URL", () => {
    expect(devMailboxEnabled({})).toBe(true);
    expect(devMailboxEnabled({ NEXTAUTH_URL: "http://localhost:3000" })).toBe(true);
    expect(devMailboxEnabled({ NEXTAUTH_URL: "http://127.0.0.1:4000" })).toBe(true);
    expect(devMailboxEnabled({ NEXTAUTH_URL: "https://billing.example.com" })).toBe(false);
    expect(
      devMailboxEnabled({ NEXTAUTH_URL: "http://localhost:3000", SMTP_URL: "smtp://mail:25" }),
    ).toBe(false);
  });
});
