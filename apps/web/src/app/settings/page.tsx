import type { Metadata } from "next";
import { Card } from "~/components/ui/card";
import { requireActor } from "~/server/actor";
import { HydrateClient, prefetch, serverTrpc } from "~/trpc/server";

import { ApiTokens } from "./api-tokens";
import { ChangePassword } from "./change-password";

export const metadata: Metadata = { title: "Settings · SalesOS Billing" };

export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const actor = await requireActor("/settings");
  if (actor.organization) await prefetch([serverTrpc.account.apiTokens.list.queryOptions()]);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Settings</h1>
      <Card title="Profile">
        <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
          <dt className="text-slate-500">Name</dt>
          <dd>{actor.user.name}</dd>
          <dt className="text-slate-500">Email</dt>
          <dd>{actor.user.email}</dd>
          <dt className="text-slate-500">Organization</dt>
          <dd>{actor.organization ? `${actor.organization.name} (${actor.role})` : "None"}</dd>
        </dl>
      </Card>
      <Card
        title="Password"
        description="Changing it signs out your other sessions and ends the one-hour tokens made with the old password. Tokens created below keep working."
      >
        <ChangePassword />
      </Card>
      <Card
        title="API tokens"
        description="Tokens act as you in the active organization through the REST API (Authorization: Bearer). A token is shown once, when it is created."
      >
        {actor.organization ? (
          <HydrateClient>
            <ApiTokens />
          </HydrateClient>
        ) : (
          <p className="text-sm text-slate-600">Join an organization to create tokens.</p>
        )}
      </Card>
    </div>
  );
}
