import type { Ctx } from "../context";
import { StripeApiError } from "../errors";
import type { StripeObject } from "../store";
import { getSession, intentData, sessionLines } from "../resources/checkout-sessions";
import { createIntent, confirmIntent, getIntent, succeed } from "../resources/payment-intents";
import { createCardMethod } from "../resources/payment-methods";
import { completeSetup, confirmSetup, createSetupIntent } from "../resources/setup-intents";
import { escapeHtml, page } from "./html";

export interface HostedReply {
  status: number;
  html?: string;
  location?: string;
}

function money(amount: number, currency: string): string {
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: currency.toUpperCase(),
  }).format(amount / 100);
}

/** The hosted Checkout page: the session's lines and a card form (no script: a browser test fills it in). */
export function checkoutPage(ctx: Ctx, id: string, error?: string): HostedReply {
  const session = getSession(ctx, id);
  if (session.status !== "open")
    return {
      status: 410,
      html: page(
        "Checkout",
        `<h1>This Checkout Session is ${escapeHtml(session.status as string)}.</h1>`,
      ),
    };
  const lines = sessionLines.get(session) ?? [];
  const items = lines
    .map(
      (l) =>
        `<li>${escapeHtml(l.description)} × ${l.quantity} — ${escapeHtml(money(l.amount_total, l.currency))}</li>`,
    )
    .join("");
  const payment = session.mode === "payment";
  const body = `<h1>${payment ? "Pay" : "Save a card"}</h1>
${payment ? `<ul>${items}</ul><p data-testid="checkout-total">Total ${escapeHtml(money(session.amount_total as number, session.currency as string))}</p>` : ""}
<form method="post" action="/test/checkout/${escapeHtml(session.id)}">
<label for="cardNumber">Card number</label><input id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number" required>
<div class="row"><div><label for="expMonth">Month</label><input id="expMonth" name="expMonth" value="12" required></div>
<div><label for="expYear">Year</label><input id="expYear" name="expYear" value="2034" required></div>
<div><label for="cvc">CVC</label><input id="cvc" name="cvc" value="123" required></div></div>
<label for="name">Name on card</label><input id="name" name="name" autocomplete="cc-name">
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<button type="submit">${payment ? "Pay" : "Save card"}</button>
</form>
${session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url as string)}">Cancel</a></p>` : ""}`;
  return { status: error ? 402 : 200, html: page("Checkout", body) };
}

function successLocation(session: StripeObject): string {
  return String(session.success_url).replace("{CHECKOUT_SESSION_ID}", session.id);
}

function complete(ctx: Ctx, session: StripeObject, method: StripeObject): HostedReply {
  session.status = "complete";
  session.payment_status = session.mode === "payment" ? "paid" : "no_payment_required";
  const details = method.billing_details as Record<string, unknown>;
  session.customer_details = {
    address: details.address,
    business_name: null,
    email: session.customer_email ?? details.email ?? null,
    individual_name: null,
    name: details.name ?? null,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  };
  session.url = null;
  ctx.emit("checkout.session.completed", session);
  return { status: 303, location: successLocation(session) };
}

/** The card form submitted: pay (or set up) on-session; a bank confirmation goes through the 3DS page. */
export function submitCheckout(ctx: Ctx, id: string, form: Record<string, string>): HostedReply {
  const session = getSession(ctx, id);
  if (session.status !== "open") return checkoutPage(ctx, id);
  const data = intentData.get(session) ?? {};
  const returnUrl = `${ctx.baseUrl}/test/checkout/${session.id}/return`;
  try {
    const method = createCardMethod(
      ctx,
      {
        number: (form.cardNumber ?? "").replace(/\s+/g, ""),
        exp_month: Number(form.expMonth),
        exp_year: Number(form.expYear),
      },
      { name: form.name || null, email: (session.customer_email as string | null) ?? null },
    );
    if (session.mode === "setup") {
      const intent = createSetupIntent({
        ...ctx,
        params: {
          customer: session.customer ?? undefined,
          metadata: data.metadata,
          payment_method: method.id,
        },
      });
      session.setup_intent = intent.id;
      confirmSetup(ctx, intent, returnUrl);
      if (intent.status === "requires_action")
        return {
          status: 303,
          location: (intent.next_action as { redirect_to_url: { url: string } }).redirect_to_url
            .url,
        };
      return complete(ctx, session, method);
    }
    const intent = createIntent({
      ...ctx,
      params: {
        amount: String(session.amount_total),
        currency: String(session.currency),
        customer: session.customer ?? undefined,
        payment_method: method.id,
        setup_future_usage: data.setup_future_usage,
        metadata: data.metadata,
        description: data.description,
      },
    });
    session.payment_intent = intent.id;
    confirmIntent(ctx, intent, { offSession: false, returnUrl });
    if (intent.status === "requires_action")
      return {
        status: 303,
        location: (intent.next_action as { redirect_to_url: { url: string } }).redirect_to_url.url,
      };
    return complete(ctx, session, method);
  } catch (error) {
    if (error instanceof StripeApiError) return checkoutPage(ctx, id, error.body.message);
    throw error;
  }
}

/** Back from the bank: finish the session if the intent went through, else show the form again. */
export function checkoutReturn(ctx: Ctx, id: string): HostedReply {
  const session = getSession(ctx, id);
  if (session.status !== "open") return { status: 303, location: successLocation(session) };
  const intentId = (session.payment_intent ?? session.setup_intent) as string | null;
  const intent = intentId ? ctx.store.byId(intentId) : undefined;
  if (intent?.status === "succeeded") {
    const method = ctx.store.paymentMethods.get(intent.payment_method as string)!;
    return complete(ctx, session, method);
  }
  return checkoutPage(
    ctx,
    id,
    "We are unable to authenticate your payment method. Try another card.",
  );
}

/** The bank's page for a 3-D Secure confirmation: complete or fail it. */
export function threeDSPage(ctx: Ctx, id: string): HostedReply {
  const intent = ctx.store.byId(id);
  if (!intent || intent.status !== "requires_action")
    return { status: 404, html: page("Authentication", "<h1>Nothing to authenticate.</h1>") };
  const amount =
    intent.object === "payment_intent"
      ? `<p>Confirm a payment of ${escapeHtml(money(intent.amount as number, intent.currency as string))}.</p>`
      : "<p>Confirm this card for future payments.</p>";
  const body = `<h1>3D Secure 2 test page</h1>${amount}
<form method="post" action="/test/3ds/${escapeHtml(id)}"><input type="hidden" name="outcome" value="complete">
<button type="submit">Complete authentication</button></form>
<form method="post" action="/test/3ds/${escapeHtml(id)}"><input type="hidden" name="outcome" value="fail">
<button type="submit" class="secondary">Fail authentication</button></form>`;
  return { status: 200, html: page("Authentication", body) };
}

export function submitThreeDS(ctx: Ctx, id: string, outcome: string): HostedReply {
  const intent = ctx.store.byId(id);
  if (!intent || intent.status !== "requires_action") return threeDSPage(ctx, id);
  const next = intent.next_action as { redirect_to_url: { return_url: string | null } };
  const returnUrl = next.redirect_to_url.return_url;
  const method = ctx.store.paymentMethods.get(intent.payment_method as string)!;
  const passed = outcome === "complete";
  if (passed) {
    if (intent.object === "payment_intent") succeed(ctx, getIntent(ctx.store, id), method);
    else completeSetup(ctx, intent, method);
  } else {
    const error = {
      type: "invalid_request_error",
      code:
        intent.object === "payment_intent"
          ? "payment_intent_authentication_failure"
          : "setup_intent_authentication_failure",
      message: "The provided payment method has failed authentication.",
    };
    intent.status = "requires_payment_method";
    intent.next_action = null;
    if (intent.object === "payment_intent") {
      intent.last_payment_error = error;
      ctx.emit("payment_intent.payment_failed", intent);
    } else {
      intent.last_setup_error = error;
      ctx.emit("setup_intent.setup_failed", intent);
    }
  }
  if (!returnUrl)
    return {
      status: 200,
      html: page("Authentication", `<h1>Authentication ${passed ? "complete" : "failed"}.</h1>`),
    };
  const url = new URL(returnUrl);
  const kind = intent.object === "payment_intent" ? "payment_intent" : "setup_intent";
  url.searchParams.set(kind, id);
  url.searchParams.set(`${kind}_client_secret`, String(intent.client_secret));
  url.searchParams.set("redirect_status", passed ? "succeeded" : "failed");
  return { status: 303, location: url.toString() };
}
