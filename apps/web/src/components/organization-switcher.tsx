"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useSession } from "next-auth/react";
import { toast } from "sonner";

import { SelectField } from "~/components/ui/select-field";
import { useTRPC } from "~/trpc/react";

/** Switches the session's active organization (checked server-side against the memberships). */
export function OrganizationSwitcher() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { data: session, update } = useSession();
  const memberships = useQuery(trpc.account.memberships.queryOptions());
  const activeId = (session as { organizationId?: string | null } | null)?.organizationId ?? "";

  async function switchTo(organizationId: string) {
    await update({ organizationId });
    await queryClient.invalidateQueries();
    router.refresh();
    toast.success("Switched organization");
  }

  if (!memberships.data || memberships.data.length < 2) {
    const only = memberships.data?.[0];
    return only ? <span className="text-sm text-slate-600">{only.organization.name}</span> : null;
  }
  return (
    <SelectField
      label="Organization"
      inline
      labelClassName="sr-only text-sm text-slate-600 sm:not-sr-only"
      className="rounded-md border border-slate-300 px-2 py-1 text-sm"
      value={activeId}
      onChange={(event) => void switchTo(event.target.value)}
    >
      {memberships.data.map((m) => (
        <option key={m.organization.id} value={m.organization.id}>
          {m.organization.name} ({m.role.toLowerCase()})
        </option>
      ))}
    </SelectField>
  );
}
