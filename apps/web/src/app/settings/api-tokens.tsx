"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";

import {
  API_TOKEN_LIFETIMES_DAYS,
  createApiTokenSchema,
  type CreateApiTokenInput,
} from "@salesos/validators";

import { Button } from "~/components/ui/button";
import { ConfirmButton } from "~/components/ui/confirm-button";
import { Field } from "~/components/ui/field";
import { SelectField } from "~/components/ui/select-field";
import { useTRPC } from "~/trpc/react";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

export function ApiTokens() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<string | null>(null);
  const tokens = useQuery(trpc.account.apiTokens.list.queryOptions());
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.account.apiTokens.list.queryKey() });
  const create = useMutation(trpc.account.apiTokens.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.account.apiTokens.revoke.mutationOptions({ onSuccess: refresh }));
  const form = useForm<CreateApiTokenInput>({
    resolver: zodResolver(createApiTokenSchema),
    defaultValues: { name: "", expiresInDays: 30 },
  });

  const onSubmit = form.handleSubmit(async (values) => {
    const token = await create.mutateAsync(values).catch((error: Error) => {
      toast.error(error.message);
      return null;
    });
    if (!token) return;
    setCreated(token.accessToken);
    form.reset();
  });

  return (
    <div className="space-y-6">
      <form
        onSubmit={(event) => void onSubmit(event)}
        noValidate
        className="flex flex-col gap-3 sm:flex-row sm:items-end"
      >
        <div className="flex-1">
          <Field
            label="Token name"
            placeholder="e.g. Revenue dashboard"
            {...form.register("name")}
            error={form.formState.errors.name?.message}
          />
        </div>
        <SelectField
          label="Expires in"
          className="rounded-md border border-slate-300 px-3 py-2 text-sm"
          {...form.register("expiresInDays", { valueAsNumber: true })}
        >
          {API_TOKEN_LIFETIMES_DAYS.map((days) => (
            <option key={days} value={days}>
              {days} days
            </option>
          ))}
        </SelectField>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          Create token
        </Button>
      </form>

      {created ? (
        <div role="status" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-4">
          <p className="text-sm font-medium text-amber-900">
            Copy this token now. It will not be shown again.
          </p>
          <code
            data-testid="new-api-token"
            className="block break-all rounded bg-white p-2 text-xs"
          >
            {created}
          </code>
          <div className="flex gap-2">
            <Button
              variant="secondary"
              onClick={() =>
                void navigator.clipboard?.writeText(created).then(() => toast.success("Copied"))
              }
            >
              Copy
            </Button>
            <Button variant="secondary" onClick={() => setCreated(null)}>
              Done
            </Button>
          </div>
        </div>
      ) : null}

      {tokens.isPending ? (
        <p className="text-sm text-slate-500">Loading tokens…</p>
      ) : tokens.isError ? (
        <p role="alert" className="text-sm text-red-600">
          Could not load tokens: {tokens.error.message}
        </p>
      ) : tokens.data.length === 0 ? (
        <p className="text-sm text-slate-500">No tokens yet.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Your API tokens</caption>
          <thead className="text-slate-500">
            <tr>
              <th scope="col" className="py-2">
                Name
              </th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((token) => (
              <tr key={token.id} className="border-t border-slate-100">
                <td className="py-2">{token.name}</td>
                <td>{dateFormat.format(token.createdAt)}</td>
                <td>{dateFormat.format(token.expiresAt)}</td>
                <td className="text-right">
                  {token.revokedAt ? (
                    <span className="text-slate-500">Revoked</span>
                  ) : (
                    <ConfirmButton
                      label={`Revoke ${token.name}`}
                      title={`Revoke “${token.name}”?`}
                      description="Programs using this token get 401 from their next call. This cannot be undone."
                      confirmLabel="Revoke token"
                      disabled={revoke.isPending}
                      onConfirm={() =>
                        revoke.mutateAsync({ id: token.id }).catch((error: Error) => {
                          toast.error(error.message);
                        })
                      }
                    >
                      Revoke
                    </ConfirmButton>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
