"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { z } from "zod";

import { cardFormSchema } from "@salesos/validators";

import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { apiError } from "~/lib/errors";
import { useTRPC } from "~/trpc/react";

/** The form's own fields (one "MM / YY" expiry), built from the API's card schema. */
const cardEntrySchema = z.object({
  number: cardFormSchema.shape.number,
  expiry: z
    .string()
    .trim()
    .regex(/^(0[1-9]|1[0-2]) ?\/ ?\d{2}$/, "Use MM / YY."),
  cvc: cardFormSchema.shape.cvc,
  name: cardFormSchema.shape.name,
});
type CardEntry = z.infer<typeof cardEntrySchema>;

function formatNumber(value: string): string {
  return value
    .replace(/\D/g, "")
    .slice(0, 19)
    .replace(/(\d{4})(?=\d)/g, "$1 ");
}

function formatExpiry(value: string): string {
  const digits = value.replace(/\D/g, "").slice(0, 4);
  return digits.length > 2 ? `${digits.slice(0, 2)} / ${digits.slice(2)}` : digits;
}

/**
 * Card entry for the LOCAL gateway: the number and CVC go to the tokenize procedure once and are never
 * kept by the page; `onToken` receives the token to attach or pay with.
 */
export function CardForm({
  submitLabel,
  onToken,
  disabled,
}: {
  submitLabel: string;
  /**
   * Uses the token (save the card, pay). Throwing shows the error in the form; returning `false` means it
   * failed and said so itself. Either way the entries stay, so a decline does not wipe the card number.
   */
  onToken: (paymentMethodId: string) => Promise<void | boolean>;
  disabled?: boolean;
}) {
  const trpc = useTRPC();
  const tokenize = useMutation(trpc.payments.local.tokenizeCard.mutationOptions());
  const form = useForm<CardEntry>({
    resolver: zodResolver(cardEntrySchema),
    defaultValues: { number: "", expiry: "", cvc: "", name: "" },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async ({ number, expiry, cvc, name }) => {
    const [month = "", year = ""] = expiry.split("/").map((part) => part.trim());
    try {
      const token = await tokenize.mutateAsync({
        number,
        expMonth: Number(month),
        expYear: 2000 + Number(year),
        cvc,
        ...(name ? { name } : {}),
      });
      if ((await onToken(token.paymentMethodId)) === false) return;
      form.resetField("number");
      form.resetField("cvc");
    } catch (error) {
      const facts = apiError(error);
      const byField: Record<string, keyof CardEntry> = {
        number: "number",
        expYear: "expiry",
        expMonth: "expiry",
        cvc: "cvc",
      };
      const issues = facts.issues.length
        ? facts.issues
        : ((facts.details?.issues as { path: string; message: string }[] | undefined) ?? []);
      for (const issue of issues)
        form.setError(byField[issue.path] ?? "root", { message: issue.message });
      if (!issues.length) form.setError("root", { message: facts.message });
    }
  });

  return (
    <form
      onSubmit={(event) => void onSubmit(event)}
      noValidate
      className="space-y-3"
      aria-label="Card details"
    >
      {errors.root ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
          {errors.root.message}
        </p>
      ) : null}
      <Field
        label="Card number"
        inputMode="numeric"
        autoComplete="cc-number"
        placeholder="4242 4242 4242 4242"
        {...form.register("number", {
          onChange: (e: { target: HTMLInputElement }) =>
            (e.target.value = formatNumber(e.target.value)),
        })}
        error={errors.number?.message}
      />
      <div className="grid grid-cols-2 gap-3">
        <Field
          label="Expiry (MM / YY)"
          inputMode="numeric"
          autoComplete="cc-exp"
          placeholder="12 / 30"
          {...form.register("expiry", {
            onChange: (e: { target: HTMLInputElement }) =>
              (e.target.value = formatExpiry(e.target.value)),
          })}
          error={errors.expiry?.message}
        />
        <Field
          label="CVC"
          inputMode="numeric"
          autoComplete="cc-csc"
          placeholder="123"
          maxLength={4}
          {...form.register("cvc")}
          error={errors.cvc?.message}
        />
      </div>
      <Field
        label="Name on card"
        autoComplete="cc-name"
        {...form.register("name")}
        error={errors.name?.message}
      />
      <Button type="submit" className="w-full" disabled={disabled || form.formState.isSubmitting}>
        {form.formState.isSubmitting ? "Processing…" : submitLabel}
      </Button>
    </form>
  );
}
