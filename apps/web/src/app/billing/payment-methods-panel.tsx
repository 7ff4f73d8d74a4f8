"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";

import { CardForm } from "~/components/billing/card-form";
import { Button } from "~/components/ui/button";
import { ConfirmButton } from "~/components/ui/confirm-button";
import { Dialog } from "~/components/ui/dialog";
import { Empty, Loading, QueryError } from "~/components/ui/states";
import { apiError } from "~/lib/errors";
import { useTRPC } from "~/trpc/react";

export function PaymentMethodsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [lastCardNotice, setLastCardNotice] = useState<string | null>(null);
  const methods = useQuery(trpc.payments.paymentMethods.list.queryOptions({}));
  const customer = useQuery(trpc.payments.customer.get.queryOptions({}));
  // STRIPE: cards are entered on Stripe's own page (card numbers never reach us); LOCAL: our form.
  const onStripe = customer.data?.gateway === "STRIPE";
  const setup = useMutation(trpc.payments.paymentMethods.setupSession.mutationOptions());
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.payments.paymentMethods.list.queryKey() });
  const add = useMutation(trpc.payments.paymentMethods.add.mutationOptions({ onSuccess: refresh }));
  const setDefault = useMutation(
    trpc.payments.paymentMethods.setDefault.mutationOptions({ onSuccess: refresh }),
  );
  const remove = useMutation(
    trpc.payments.paymentMethods.remove.mutationOptions({ onSuccess: refresh }),
  );

  async function run(action: () => Promise<unknown>, done: string) {
    setLastCardNotice(null);
    try {
      await action();
      toast.success(done);
    } catch (error) {
      const facts = apiError(error);
      if (facts.code === "LAST_PAYMENT_METHOD") setLastCardNotice(facts.message);
      else toast.error(facts.message);
    }
  }

  if (methods.isPending) return <Loading />;
  if (methods.isError) return <QueryError query={methods} />;
  return (
    <div className="space-y-4">
      {lastCardNotice ? (
        <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {lastCardNotice}
        </p>
      ) : null}
      {methods.data.length === 0 ? <Empty>No card on file.</Empty> : null}
      <ul className="divide-y divide-slate-100">
        {methods.data.map((m) => (
          <li
            key={m.id}
            className="flex flex-wrap items-center justify-between gap-3 py-3"
            data-testid="payment-method"
          >
            <span className="text-sm">
              <span className="font-medium capitalize">{m.brand}</span> •••• {m.last4}{" "}
              <span className="text-slate-500">
                expires {String(m.expMonth).padStart(2, "0")}/{m.expYear}
              </span>
              {m.isDefault ? (
                <span className="ml-2 rounded bg-indigo-100 px-2 py-0.5 text-xs font-semibold text-indigo-800">
                  Default
                </span>
              ) : null}
            </span>
            <span className="flex gap-2">
              {!m.isDefault ? (
                <Button
                  variant="secondary"
                  aria-label={`Make default: •••• ${m.last4}`}
                  onClick={() =>
                    void run(
                      () => setDefault.mutateAsync({ id: m.id }),
                      `•••• ${m.last4} is now the default.`,
                    )
                  }
                >
                  Make default
                </Button>
              ) : null}
              <ConfirmButton
                label={`Remove •••• ${m.last4}`}
                title={`Remove ${m.brand} •••• ${m.last4}?`}
                description={
                  m.isDefault
                    ? "It is your default card: your next card becomes the default and pays from now on."
                    : "It will no longer be used for payments. You can add it again later."
                }
                confirmLabel="Remove card"
                onConfirm={() =>
                  run(() => remove.mutateAsync({ id: m.id }), `•••• ${m.last4} removed.`)
                }
              >
                Remove
              </ConfirmButton>
            </span>
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-500">
        Removing the default promotes your next card. The last card of a paid subscription cannot be
        removed: add another first.
      </p>
      <Button
        variant="secondary"
        disabled={customer.isPending || setup.isPending}
        onClick={() => {
          if (!onStripe) return setAdding(true);
          setup.mutate(
            {},
            {
              onSuccess: ({ url }) => window.location.assign(url),
              onError: (error) => toast.error(apiError(error).message),
            },
          );
        }}
      >
        {setup.isPending ? "Opening Stripe…" : "Add card"}
      </Button>
      <Dialog open={adding} onOpenChange={setAdding} title="Add a card">
        <CardForm
          submitLabel="Save card"
          onToken={async (paymentMethodId) => {
            // A failure (e.g. this card is already saved) shows in the form itself, not as a toast.
            await add.mutateAsync({ paymentMethodId });
            toast.success("Card saved.");
            setAdding(false);
          }}
        />
      </Dialog>
    </div>
  );
}
