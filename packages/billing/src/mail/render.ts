/**
 * One source, two renderings. A template builds a MailDocument of plain values; renderText and
 * renderHtml turn it into the text/plain and text/html parts. Every value is data, never markup: the
 * HTML rendering escapes all of it, so an organization named `<script>` is shown, not run.
 */
export type Inline = string | { strong: string } | { link: { text: string; href: string } };

export type Block =
  | { paragraph: Inline[] }
  | { button: { text: string; href: string } }
  | { facts: [label: string, value: string][] };

export interface MailDocument {
  subject: string;
  blocks: Block[];
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Only web links go into a mail: a `javascript:` or `data:` URL from anywhere is refused loudly. */
export function safeHref(href: string): string {
  const url = new URL(href);
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new Error(`Refusing a ${url.protocol} link in a mail.`);
  return url.toString();
}

/** Headers carry one line: a CR or LF in a user-typed name must not start a new header. */
export function oneLine(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, " ").trim();
}

function inlineText(part: Inline): string {
  if (typeof part === "string") return part;
  if ("strong" in part) return part.strong;
  return `${part.link.text} (${safeHref(part.link.href)})`;
}

function inlineHtml(part: Inline): string {
  if (typeof part === "string") return escapeHtml(part);
  if ("strong" in part) return `<strong>${escapeHtml(part.strong)}</strong>`;
  return `<a href="${escapeHtml(safeHref(part.link.href))}">${escapeHtml(part.link.text)}</a>`;
}

export function renderText(doc: MailDocument): string {
  const blocks = doc.blocks.map((block) => {
    if ("paragraph" in block) return block.paragraph.map(inlineText).join("");
    if ("button" in block) return `${block.button.text}:\n${safeHref(block.button.href)}`;
    return block.facts.map(([label, value]) => `${label}: ${value}`).join("\n");
  });
  return `${blocks.join("\n\n")}\n\n-- \nSalesOS Billing\n`;
}

const FONT = "font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#111827";

export function renderHtml(doc: MailDocument): string {
  const blocks = doc.blocks.map((block) => {
    if ("paragraph" in block)
      return `<p style="margin:0 0 16px">${block.paragraph.map(inlineHtml).join("")}</p>`;
    if ("button" in block)
      return `<p style="margin:0 0 16px"><a href="${escapeHtml(safeHref(block.button.href))}" style="display:inline-block;background:#1d4ed8;color:#ffffff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:bold">${escapeHtml(block.button.text)}</a></p>`;
    const rows = block.facts
      .map(
        ([label, value]) =>
          `<tr><td style="padding:2px 16px 2px 0;color:#4b5563">${escapeHtml(label)}</td><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`,
      )
      .join("");
    return `<table role="presentation" style="margin:0 0 16px;border-collapse:collapse">${rows}</table>`;
  });
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.subject)}</title></head>`,
    `<body style="margin:0;padding:24px;${FONT}">`,
    ...blocks,
    `<p style="margin:24px 0 0;color:#6b7280;font-size:13px">SalesOS Billing</p>`,
    "</body></html>",
  ].join("\n");
}
