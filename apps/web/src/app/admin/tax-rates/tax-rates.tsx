"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";

import { taxRateSchema } from "@salesos/validators";

import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { Empty, Loading, QueryError } from "~/components/ui/states";
import { apiError, fieldErrors } from "~/lib/errors";
import { useTRPC } from "~/trpc/react";

/** "19" or "8.25" percent as basis points, exactly; null when it is not such a number. */
function percentToBps(text: string): number | null {
  const match = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(text.trim());
  return match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) : null;
}

export function TaxRates() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rates = useQuery(trpc.admin.taxRates.list.queryOptions({}));
  const save = useMutation(trpc.admin.taxRates.save.mutationOptions());
  const [form, setForm] = useState({ country: "", name: "VAT", percent: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = taxRateSchema.safeParse({
      country: form.country,
      name: form.name,
      percentBps: percentToBps(form.percent) ?? -1,
      isActive: true,
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    try {
      await save.mutateAsync(parsed.data);
      toast.success(`Tax rate for ${parsed.data.country} saved.`);
      setForm({ country: "", name: "VAT", percent: "" });
      await queryClient.invalidateQueries({ queryKey: trpc.admin.taxRates.list.queryKey() });
    } catch (error) {
      toast.error(apiError(error).message);
    }
  }

  async function setActive(
    rate: { country: string; name: string; percentBps: number },
    isActive: boolean,
  ) {
    try {
      await save.mutateAsync({ ...rate, isActive });
      await queryClient.invalidateQueries({ queryKey: trpc.admin.taxRates.list.queryKey() });
    } catch (error) {
      toast.error(apiError(error).message);
    }
  }

  return (
    <div className="space-y-6">
      <Card
        title="Add or replace a rate"
        description="One rate per country; invoices keep the rate they were issued with."
      >
        <form
          aria-label="Tax rate"
          noValidate
          onSubmit={(e) => void onSubmit(e)}
          className="grid gap-3 sm:grid-cols-4"
        >
          <Field
            label="Country"
            placeholder="DE"
            maxLength={2}
            value={form.country}
            onChange={(e) => setForm({ ...form, country: e.target.value })}
            error={errors.country}
          />
          <Field
            label="Name"
            maxLength={60}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            error={errors.name}
          />
          <Field
            label="Percent"
            inputMode="decimal"
            placeholder="19"
            value={form.percent}
            onChange={(e) => setForm({ ...form, percent: e.target.value })}
            error={errors.percentBps}
          />
          <div className="self-end">
            <Button type="submit" disabled={save.isPending}>
              Save rate
            </Button>
          </div>
        </form>
      </Card>
      <Card title="Rates">
        {rates.isPending ? (
          <Loading />
        ) : rates.isError ? (
          <QueryError query={rates} />
        ) : rates.data.length === 0 ? (
          <Empty>No tax rates: invoices carry no tax.</Empty>
        ) : (
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b text-slate-500">
                <th className="py-2">Country</th>
                <th>Name</th>
                <th>Rate</th>
                <th className="text-right">Active</th>
              </tr>
            </thead>
            <tbody>
              {rates.data.map((r) => (
                <tr key={r.id} className="border-b last:border-0" data-testid="tax-rate-row">
                  <td className="py-2">{r.country}</td>
                  <td>{r.name}</td>
                  <td>{(r.percentBps / 100).toFixed(2)} %</td>
                  <td className="text-right">
                    <Button
                      variant="secondary"
                      className="px-2 py-1 text-xs"
                      onClick={() => void setActive(r, !r.isActive)}
                    >
                      {r.isActive ? `Turn off ${r.country}` : `Turn on ${r.country}`}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
