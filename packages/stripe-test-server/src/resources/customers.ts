import { type Ctx, listOf, ok, route, type Route } from "../context";
import { noSuch } from "../errors";
import { newId, unixNow } from "../ids";
import { allowOnly, mergeMetadata, obj, str, type Params } from "../params";
import type { StripeObject } from "../store";

const WRITABLE = [
  "address",
  "description",
  "email",
  "invoice_settings",
  "metadata",
  "name",
  "phone",
  "preferred_locales",
  "shipping",
  "tax_exempt",
] as const;

function address(value: Params | undefined, current: unknown) {
  if (!value) return current ?? null;
  const field = (k: string) => (typeof value[k] === "string" && value[k] !== "" ? value[k] : null);
  return {
    city: field("city"),
    country: field("country"),
    line1: field("line1"),
    line2: field("line2"),
    postal_code: field("postal_code"),
    state: field("state"),
  };
}

function apply(customer: StripeObject, ctx: Ctx): void {
  const p = ctx.params;
  for (const key of ["description", "email", "name", "phone"] as const) {
    const value = str(p, key);
    if (value !== undefined) customer[key] = value === "" ? null : value;
  }
  customer.address = address(obj(p, "address"), customer.address);
  customer.metadata = mergeMetadata(customer.metadata as Record<string, string>, p);
  const tax = str(p, "tax_exempt");
  if (tax) customer.tax_exempt = tax;
  const settings = obj(p, "invoice_settings");
  if (settings && "default_payment_method" in settings) {
    const pm = settings.default_payment_method;
    const id = typeof pm === "string" && pm !== "" ? pm : null;
    if (id) {
      const method = ctx.store.paymentMethods.get(id);
      if (!method || method.customer !== customer.id)
        throw noSuch("PaymentMethod", id, "invoice_settings[default_payment_method]");
    }
    (customer.invoice_settings as Record<string, unknown>).default_payment_method = id;
  }
}

export function getCustomer(ctx: Ctx, id: string, param = "id"): StripeObject {
  const customer = ctx.store.customers.get(id);
  if (!customer || ctx.store.deletedCustomers.has(id)) throw noSuch("customer", id, param);
  return customer;
}

export const customerRoutes: Route[] = [
  route("POST", "/v1/customers", (ctx) => {
    allowOnly(ctx.params, WRITABLE);
    const customer: StripeObject = {
      id: newId("cus", 14),
      object: "customer",
      address: null,
      balance: 0,
      created: unixNow(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: null,
      discount: null,
      email: null,
      invoice_prefix: newId("x", 7).slice(2).toUpperCase(),
      invoice_settings: {
        custom_fields: null,
        default_payment_method: null,
        footer: null,
        rendering_options: null,
      },
      livemode: false,
      metadata: {},
      name: null,
      next_invoice_sequence: 1,
      phone: null,
      preferred_locales: [],
      shipping: null,
      tax_exempt: "none",
      test_clock: null,
    };
    ctx.store.customers.set(customer.id, customer);
    apply(customer, ctx);
    ctx.emit("customer.created", customer);
    return ok(customer);
  }),
  route("GET", "/v1/customers", (ctx) => {
    allowOnly(ctx.params, ["email", "limit", "starting_after", "ending_before", "created"]);
    const email = str(ctx.params, "email");
    const all = [...ctx.store.customers.values()].filter(
      (c) => !ctx.store.deletedCustomers.has(c.id) && (email === undefined || c.email === email),
    );
    return listOf(all, ctx.params, "/v1/customers");
  }),
  route("GET", "/v1/customers/:id", (ctx) => {
    const customer = ctx.store.customers.get(ctx.ids[0]!);
    if (!customer) throw noSuch("customer", ctx.ids[0]!);
    return ok(
      ctx.store.deletedCustomers.has(customer.id)
        ? { id: customer.id, object: "customer", deleted: true }
        : customer,
    );
  }),
  route("POST", "/v1/customers/:id", (ctx) => {
    allowOnly(ctx.params, WRITABLE);
    const customer = getCustomer(ctx, ctx.ids[0]!);
    const before = structuredClone(customer);
    apply(customer, ctx);
    const previous = Object.fromEntries(
      Object.keys(customer)
        .filter((k) => JSON.stringify(customer[k]) !== JSON.stringify(before[k]))
        .map((k) => [k, before[k]]),
    );
    ctx.emit("customer.updated", customer, previous);
    return ok(customer);
  }),
  route("DELETE", "/v1/customers/:id", (ctx) => {
    const customer = getCustomer(ctx, ctx.ids[0]!);
    ctx.store.deletedCustomers.add(customer.id);
    ctx.emit("customer.deleted", customer);
    return ok({ id: customer.id, object: "customer", deleted: true });
  }),
];
