"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { Card } from "~/components/ui/card";
import { Empty, Loading, QueryError } from "~/components/ui/states";
import { useTRPC } from "~/trpc/react";

import { BillingDetailsForm } from "./billing-details-form";
import { InvoicesTable } from "./invoices-table";
import { Notices } from "./notices";
import { PaymentMethodsPanel } from "./payment-methods-panel";
import { SubscriptionPanel } from "./subscription-panel";

const LIVE = new Set(["TRIALING", "ACTIVE", "PAST_DUE", "PAUSED", "INCOMPLETE", "UNPAID"]);

export function BillingOverview({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const subscriptions = useQuery(
    trpc.payments.subscriptions.list.queryOptions({ page: 1, limit: 10 }),
  );

  return (
    <div className="space-y-6">
      {!canManage ? (
        <p
          className="rounded-md bg-slate-100 p-3 text-sm text-slate-700"
          data-testid="read-only-note"
        >
          You are a member of this organization: the subscription is read-only for you. Invoices and
          payment details are visible to your organization&apos;s owners and admins.
        </p>
      ) : null}
      {/* Notices name invoices and payments: OWNER/ADMIN only (docs/decisions.md), not asked. */}
      {canManage ? <Notices /> : null}
      <Card title="Subscription">
        {subscriptions.isPending ? (
          <Loading />
        ) : subscriptions.isError ? (
          <QueryError query={subscriptions} />
        ) : subscriptions.data.data.length === 0 ? (
          <Empty>
            No subscription yet.{" "}
            <Link href="/pricing" className="text-indigo-700 underline">
              See plans
            </Link>
          </Empty>
        ) : (
          <SubscriptionPanel
            subscription={
              subscriptions.data.data.find((s) => LIVE.has(s.status)) ?? subscriptions.data.data[0]!
            }
            canManage={canManage}
          />
        )}
      </Card>
      {canManage ? (
        <>
          <Card
            title="Payment methods"
            description="The default card pays future invoices and the live subscription."
          >
            <PaymentMethodsPanel />
          </Card>
          <Card title="Invoices">
            <InvoicesTable />
          </Card>
          <Card title="Billing details" description="Shown on your invoices.">
            <BillingDetailsForm />
          </Card>
        </>
      ) : null}
    </div>
  );
}
