import { staffActor } from "@salesos/billing";

type StaffContext = { actor: { user: { id: string } }; requestId: string };

/** The staff user behind a catalogue change (plans, prices, coupons, tax rates). */
export const staffOf = (ctx: StaffContext) => ({
  staffUserId: ctx.actor.user.id,
  requestId: ctx.requestId,
});

/** The staff user acting on the organization `organizationId` (audit rows name the staff user). */
export const actorFor = (ctx: StaffContext, organizationId: string) =>
  staffActor({ staffUserId: ctx.actor.user.id, organizationId, requestId: ctx.requestId });
