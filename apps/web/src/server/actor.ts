import "server-only";

import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";

import { actorFromSessionCookie, type Actor } from "@salesos/auth";
import { getDb } from "@salesos/db";

/** The signed-in actor of a server component: the same resolution as the tRPC context. */
export async function getActor(): Promise<Actor | null> {
  const jar = await cookies();
  const header = jar
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join("; ");
  return actorFromSessionCookie(getDb(), header || null);
}

export async function requireActor(returnTo: string): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return actor;
}

/** The admin pages: SalesOS staff only; anyone else gets the same 404 as a page that does not exist. */
export async function requireStaff(returnTo: string): Promise<Actor> {
  const actor = await requireActor(returnTo);
  if (!actor.user.isPlatformAdmin) notFound();
  return actor;
}
