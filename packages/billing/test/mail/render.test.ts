import { describe, expect, it } from "vitest";

import { renderHtml, renderText, type MailDocument } from "../../src";
import { stableMessageId } from "../../src/mail/message-id";

const doc: MailDocument = {
  subject: "Hello <b>",
  blocks: [
    { paragraph: ["Org ", { strong: `<img src=x onerror="alert(1)">` }, " & 'co'"] },
    { button: { text: "Go <now>", href: "https://example.com/a?b=1&c=<2>" } },
    { facts: [["<label>", "<value>"]] },
  ],
};

describe("mail rendering", () => {
  it("escapes every value in the HTML part and keeps the text part as typed", () => {
    const html = renderHtml(doc);
    expect(html).not.toMatch(/<img|<label>|<value>|<now>|<b>/);
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("&amp; &#39;co&#39;");
    expect(html).toContain('href="https://example.com/a?b=1&amp;c=%3C2%3E"');
    const text = renderText(doc);
    expect(text).toContain(`Org <img src=x onerror="alert(1)"> & 'co'`);
    expect(text).toContain("Go <now>:\nhttps://example.com/a?b=1&c=%3C2%3E");
    expect(text).toContain("<label>: <value>");
  });

  it("refuses links that are not web links", () => {
    const bad: MailDocument = {
      subject: "x",
      blocks: [{ button: { text: "x", href: "javascript:alert(1)" } }],
    };
    expect(() => renderHtml(bad)).toThrow(/javascript:/);
    expect(() => renderText(bad)).toThrow(/javascript:/);
  });

  it("derives one Message-ID per notice from the sender's domain", () => {
    expect(stableMessageId("notification", "cm123", "Billing <b@mail.example.com>")).toBe(
      "<notification.cm123@mail.example.com>",
    );
    expect(stableMessageId("notification", "cm123", "b@Example.org")).toBe(
      "<notification.cm123@example.org>",
    );
  });
});
