"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { Empty, Loading, QueryError } from "~/components/ui/states";
import { minorToDecimal, toCsv } from "~/lib/csv";
import { formatMoney } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

import { MonthsChart } from "./months-chart";

const day = (date: Date) => date.toISOString().slice(0, 10);

/** The last twelve months by default; `to` is the end of the chosen day (exclusive next midnight). */
function defaultRange() {
  const now = new Date();
  const from = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth() + 1, 1));
  return { from: day(from), to: day(now) };
}

export function Dashboard() {
  const trpc = useTRPC();
  const [range, setRange] = useState(defaultRange);
  const input = {
    from: new Date(`${range.from}T00:00:00Z`),
    to: new Date(new Date(`${range.to}T00:00:00Z`).getTime() + 86_400_000),
  };
  const metrics = useQuery(trpc.admin.reports.metrics.queryOptions(input));

  function exportCsv() {
    const m = metrics.data;
    if (!m) return;
    const csv = toCsv([
      ["section", "key", "currency", "value"],
      ...m.recurring.flatMap((r) => [
        ["recurring", "mrr", r.currency, minorToDecimal(r.mrr, r.currency)],
        ["recurring", "arr", r.currency, minorToDecimal(r.arr, r.currency)],
        ["recurring", "subscriptions", r.currency, r.subscriptions],
      ]),
      ...Object.entries(m.counts).map(([status, n]) => ["status", status, null, n]),
      ...m.months.flatMap((x) => [
        ["started", x.month, null, x.started],
        ["churned", x.month, null, x.churned],
      ]),
      ...m.revenueByPlan.map((p) => [
        "collected",
        p.planName,
        p.currency,
        minorToDecimal(p.collected, p.currency),
      ]),
      ["recovery", "failed", null, m.recovery.failed],
      ["recovery", "recovered", null, m.recovery.recovered],
    ]);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    link.download = `salesos-revenue-${range.from}-${range.to}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  return (
    <div className="space-y-6">
      <form
        aria-label="Date range"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => event.preventDefault()}
      >
        <Field
          label="From"
          type="date"
          value={range.from}
          max={range.to}
          onChange={(e) => e.target.value && setRange({ ...range, from: e.target.value })}
        />
        <Field
          label="To"
          type="date"
          value={range.to}
          min={range.from}
          onChange={(e) => e.target.value && setRange({ ...range, to: e.target.value })}
        />
        <Button variant="secondary" onClick={exportCsv} disabled={!metrics.data}>
          Export CSV
        </Button>
      </form>
      {metrics.isPending ? (
        <Loading />
      ) : metrics.isError ? (
        <QueryError query={metrics} />
      ) : (
        <>
          <section aria-label="Recurring revenue" className="grid gap-4 sm:grid-cols-2">
            {metrics.data.recurring.length === 0 ? (
              <Empty>No paying subscriptions yet.</Empty>
            ) : (
              metrics.data.recurring.map((r) => (
                <div
                  key={r.currency}
                  data-testid={`mrr-${r.currency}`}
                  className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
                >
                  <p className="text-sm text-slate-600">MRR · {r.currency.toUpperCase()}</p>
                  <p className="text-2xl font-bold">{formatMoney(r.mrr, r.currency)}</p>
                  <p className="text-sm text-slate-600">
                    ARR {formatMoney(r.arr, r.currency)} · {r.subscriptions} paying
                  </p>
                </div>
              ))
            )}
          </section>
          <section
            aria-label="Subscriptions by status"
            className="grid grid-cols-2 gap-3 sm:grid-cols-5"
          >
            {Object.entries(metrics.data.counts).map(([status, n]) => (
              <div key={status} className="rounded-md border border-slate-200 bg-white p-3">
                <p className="text-xs text-slate-500 uppercase">
                  {status.replace(/([A-Z])/g, " $1")}
                </p>
                <p className="text-xl font-semibold" data-testid={`count-${status}`}>
                  {n}
                </p>
              </div>
            ))}
          </section>
          <Card title="New and churned subscriptions" description="Per calendar month (UTC).">
            <MonthsChart months={metrics.data.months} />
          </Card>
          <Card title="Revenue by plan" description="Collected on paid invoices in the range.">
            {metrics.data.revenueByPlan.length === 0 ? (
              <Empty>Nothing collected in this range.</Empty>
            ) : (
              <table className="w-full text-left text-sm">
                <thead>
                  <tr className="border-b text-slate-500">
                    <th className="py-2">Plan</th>
                    <th>Currency</th>
                    <th className="text-right">Collected</th>
                  </tr>
                </thead>
                <tbody>
                  {metrics.data.revenueByPlan.map((p) => (
                    <tr key={`${p.planId}-${p.currency}`} className="border-b last:border-0">
                      <td className="py-2">{p.planName}</td>
                      <td>{p.currency.toUpperCase()}</td>
                      <td className="text-right">{formatMoney(p.collected, p.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Card>
          <Card
            title="Failed-payment recovery"
            description="Invoices in the range whose payment failed at least once."
          >
            <p data-testid="recovery">
              {metrics.data.recovery.failed === 0
                ? "No failed payments in this range."
                : `${metrics.data.recovery.recovered} of ${metrics.data.recovery.failed} recovered (${Math.round((metrics.data.recovery.rate ?? 0) * 100)} %).`}
            </p>
          </Card>
        </>
      )}
    </div>
  );
}
