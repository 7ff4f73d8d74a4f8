"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useForm, type FieldPath, type Resolver } from "react-hook-form";
import { toast } from "sonner";

import { updateBillingCustomerSchema, type UpdateBillingCustomerInput } from "@salesos/validators";

import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { SelectField } from "~/components/ui/select-field";
import { Loading, QueryError } from "~/components/ui/states";
import { countries } from "~/lib/countries";
import { apiError } from "~/lib/errors";
import { useTRPC } from "~/trpc/react";

/** Empty optional inputs mean "clear it": null, as the API expects (an empty phone is not a phone). */
function emptyToNull(values: UpdateBillingCustomerInput): UpdateBillingCustomerInput {
  const blank = <T,>(v: T) => (v === "" ? null : v);
  const address = Object.fromEntries(
    Object.entries(values.address ?? {}).map(([k, v]) => [k, blank(v)]),
  );
  return { ...values, phone: blank(values.phone), taxId: blank(values.taxId), address };
}

const resolver: Resolver<UpdateBillingCustomerInput> = (values, context, options) =>
  zodResolver(updateBillingCustomerSchema)(emptyToNull(values), context, options);

/** The router's own update schema drives this form; server-side issues land on the same fields. */
export function BillingDetailsForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const customer = useQuery(trpc.payments.customer.get.queryOptions({}));
  const update = useMutation(trpc.payments.customer.update.mutationOptions());
  const form = useForm<UpdateBillingCustomerInput>({ resolver });
  const { errors } = form.formState;

  useEffect(() => {
    const c = customer.data;
    if (c)
      form.reset({
        name: c.name,
        email: c.email,
        phone: c.phone,
        taxId: c.taxId,
        address: { ...c.address },
      });
  }, [customer.data, form]);

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await update.mutateAsync(values);
      toast.success("Billing details saved.");
      await queryClient.invalidateQueries({ queryKey: trpc.payments.customer.get.queryKey() });
    } catch (error) {
      const facts = apiError(error);
      for (const issue of facts.issues)
        form.setError(issue.path as FieldPath<UpdateBillingCustomerInput>, {
          message: issue.message,
        });
      if (!facts.issues.length) toast.error(facts.message);
    }
  });

  if (customer.isPending) return <Loading />;
  if (customer.isError) return <QueryError query={customer} />;
  return (
    <form
      onSubmit={(event) => void onSubmit(event)}
      noValidate
      className="grid grid-cols-1 gap-3 sm:grid-cols-2"
      aria-label="Billing details"
    >
      <Field label="Billing name" {...form.register("name")} error={errors.name?.message} />
      <Field
        label="Billing email"
        type="email"
        {...form.register("email")}
        error={errors.email?.message}
      />
      <Field label="Phone" type="tel" {...form.register("phone")} error={errors.phone?.message} />
      <Field
        label="Tax ID"
        {...form.register("taxId")}
        error={errors.taxId?.message}
        hint="e.g. DE123456789"
      />
      <Field
        label="Address line 1"
        {...form.register("address.line1")}
        error={errors.address?.line1?.message}
      />
      <Field
        label="Address line 2"
        {...form.register("address.line2")}
        error={errors.address?.line2?.message}
      />
      <Field
        label="City"
        {...form.register("address.city")}
        error={errors.address?.city?.message}
      />
      <Field
        label="State / region"
        {...form.register("address.state")}
        error={errors.address?.state?.message}
      />
      <Field
        label="Postal code"
        {...form.register("address.postalCode")}
        error={errors.address?.postalCode?.message}
      />
      <SelectField
        label="Country"
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm"
        {...form.register("address.country")}
        aria-invalid={errors.address?.country ? true : undefined}
      >
        <option value="">Choose a country</option>
        {countries().map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? "Saving…" : "Save billing details"}
        </Button>
      </div>
    </form>
  );
}
