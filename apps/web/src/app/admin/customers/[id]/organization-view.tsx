"use client";

import { useQuery } from "@tanstack/react-query";

import { Card } from "~/components/ui/card";
import { StatusBadge } from "~/components/ui/status-badge";
import { Empty, Loading, QueryError } from "~/components/ui/states";
import { formatDate, formatMoney } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

import { InvoiceActions } from "./invoice-actions";
import { OrganizationActions, SubscriptionActions } from "./staff-actions";

/** One organization as staff see it, with the actions staff may take on it. */
export function OrganizationView({ organizationId }: { organizationId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.admin.organizations.get.queryOptions({ id: organizationId }));
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <QueryError query={detail} />;
  const { organization, customer, subscriptions, invoices, payments, paymentMethods, audit } =
    detail.data;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{organization.name}</h1>
          <p className="text-sm text-slate-600">
            {customer ? `${customer.email} · ${customer.gateway}` : "No billing customer yet"} ·
            since {formatDate(organization.createdAt)}
          </p>
          {customer ? (
            <p className="text-sm" data-testid="credit-balance">
              Credit balance: {formatMoney(customer.creditBalance, customer.currency)}
            </p>
          ) : null}
        </div>
        <OrganizationActions
          organizationId={organization.id}
          currency={customer?.currency ?? "usd"}
          gateway={customer?.gateway ?? null}
        />
      </div>

      <Card title="Subscriptions">
        {subscriptions.length === 0 ? (
          <Empty>No subscription.</Empty>
        ) : (
          <ul className="space-y-3">
            {subscriptions.map((s) => (
              <li
                key={s.id}
                className="flex flex-wrap items-center justify-between gap-2"
                data-testid="admin-subscription"
              >
                <span className="flex items-center gap-2">
                  {s.plan.name} · {formatMoney(s.unitAmount * s.quantity, s.currency)}/
                  {s.billingCycle === "yearly" ? "year" : "month"}
                  <StatusBadge status={s.status} />
                  {s.cancelAtPeriodEnd ? (
                    <span className="text-xs text-amber-700">
                      cancels {formatDate(s.currentPeriodEnd)}
                    </span>
                  ) : null}
                  {s.trialEnd && s.status === "TRIALING" ? (
                    <span className="text-xs">trial until {formatDate(s.trialEnd)}</span>
                  ) : null}
                </span>
                <SubscriptionActions organizationId={organization.id} subscription={s} />
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title="Invoices" description="The last 20.">
        {invoices.length === 0 ? (
          <Empty>No invoices.</Empty>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b text-slate-500">
                  <th className="py-2 pr-3">Number</th>
                  <th className="pr-3">Status</th>
                  <th className="pr-3 text-right">Total</th>
                  <th className="pr-3 text-right">Credited</th>
                  <th className="text-right">Actions</th>
                </tr>
              </thead>
              <tbody>
                {invoices.map((i) => (
                  <tr key={i.id} className="border-b last:border-0" data-testid="admin-invoice-row">
                    <td className="py-2 pr-3 whitespace-nowrap">{i.number ?? "draft"}</td>
                    <td className="pr-3">
                      <StatusBadge status={i.status} />
                    </td>
                    <td className="pr-3 text-right">{formatMoney(i.total, i.currency)}</td>
                    <td className="pr-3 text-right">
                      {i.amountCredited ? formatMoney(i.amountCredited, i.currency) : "—"}
                    </td>
                    <td className="text-right">
                      <InvoiceActions organizationId={organization.id} invoice={i} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <div className="grid gap-6 md:grid-cols-2">
        <Card title="Payments" description="Charge and refund attempts, newest first.">
          {payments.length === 0 ? (
            <Empty>No payments.</Empty>
          ) : (
            <ul className="space-y-1 text-sm">
              {payments.map((p) => (
                <li key={p.id} className="flex justify-between gap-2">
                  <span>
                    {p.kind === "REFUND" ? "Refund" : p.purpose.toLowerCase().replace("_", " ")} ·{" "}
                    {formatDate(p.createdAt)}
                  </span>
                  <span>
                    {formatMoney(p.amount, p.currency)} · {p.status}
                    {p.failureCode ? ` (${p.failureCode})` : ""}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Cards" description="Brand and last four digits only.">
          {paymentMethods.length === 0 ? (
            <Empty>No cards.</Empty>
          ) : (
            <ul className="space-y-1 text-sm">
              {paymentMethods.map((m) => (
                <li key={m.id}>
                  {m.brand} •••• {m.last4} · {String(m.expMonth).padStart(2, "0")}/{m.expYear}
                  {m.isDefault ? " · default" : ""}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

      <Card title="Audit log" description="The last 50 entries of this organization.">
        {audit.length === 0 ? (
          <Empty>Nothing yet.</Empty>
        ) : (
          <ul className="space-y-1 text-sm" data-testid="admin-audit">
            {audit.map((a) => (
              <li key={a.id} className="flex justify-between gap-2">
                <span className="font-mono text-xs">{a.action}</span>
                <span className="text-slate-500">{formatDate(a.createdAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
