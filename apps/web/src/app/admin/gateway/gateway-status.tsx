"use client";

import { useQuery } from "@tanstack/react-query";

import { Card } from "~/components/ui/card";
import { Loading, QueryError } from "~/components/ui/states";
import { useTRPC } from "~/trpc/react";

const dateTime = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "UTC",
});

/** Which gateway runs and how its traffic looks; never a key or a secret. */
export function GatewayStatus() {
  const trpc = useTRPC();
  const status = useQuery({
    ...trpc.admin.reports.gateway.queryOptions({}),
    refetchInterval: 30_000,
  });
  if (status.isPending) return <Loading />;
  if (status.isError) return <QueryError query={status} />;
  const { gateway, webhooks, attemptsAwaitingOutcome: waiting } = status.data;
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <Card title="Active gateway">
        <p className="text-2xl font-bold" data-testid="active-gateway">
          {gateway}
        </p>
        <p className="mt-1 text-sm text-slate-600">
          {gateway === "LOCAL"
            ? "The embedded test-mode ledger: no real money moves."
            : "Stripe moves the money and stores the cards; SalesOS prices, invoices and numbers."}
        </p>
      </Card>
      <Card title="Webhooks">
        {!webhooks.supported ? (
          <p className="text-sm">This gateway sends no webhooks.</p>
        ) : (
          <dl className="grid grid-cols-2 gap-1 text-sm">
            <dt className="text-slate-500">Last received</dt>
            <dd data-testid="last-webhook">
              {webhooks.lastReceived
                ? `${webhooks.lastReceived.type} · ${dateTime.format(new Date(webhooks.lastReceived.at))} UTC`
                : "none yet"}
            </dd>
            <dt className="text-slate-500">Last 24 hours</dt>
            <dd>{webhooks.lastDay}</dd>
          </dl>
        )}
      </Card>
      <Card
        title="Payments waiting for an outcome"
        description="A webhook, the customer at the bank, or the reconciler settles these."
      >
        <dl className="grid grid-cols-2 gap-1 text-sm">
          <dt className="text-slate-500">Pending</dt>
          <dd>{waiting.pending}</dd>
          <dt className="text-slate-500">Processing</dt>
          <dd>{waiting.processing}</dd>
          <dt className="text-slate-500">Waiting for the customer</dt>
          <dd>{waiting.requiresAction}</dd>
        </dl>
      </Card>
    </div>
  );
}
