/** Text into HTML: every user-typed or stored string passes through here, so nothing becomes markup. */
export function escapeHtml(text: string | number | null | undefined): string {
  return String(text ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f6f8fa;margin:0;padding:24px;color:#1a1f36}
main{max-width:420px;margin:0 auto;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 3px #0002}
label{display:block;margin:12px 0 4px;font-size:14px}input{width:100%;box-sizing:border-box;padding:8px;font-size:16px}
.row{display:flex;gap:8px}.row>div{flex:1}button{margin-top:16px;width:100%;padding:10px;font-size:16px;background:#635bff;color:#fff;border:0;border-radius:6px}
button.secondary{background:#fff;color:#1a1f36;border:1px solid #ccc}.error{color:#c0123c;margin-top:12px}
.banner{font-size:12px;color:#697386;margin-bottom:12px}
</style></head><body><main><p class="banner">Stripe test server · test mode</p>${body}</main></body></html>`;
}
