import type { BillingCycle, ChangePreview, Db, Subscription } from "@salesos/db";
import { AppError } from "@salesos/validators";

import type { Tx } from "../deps";

/** How long a preview's instant can be used by change-plan. */
export const PREVIEW_TTL_MS = 10 * 60 * 1000;

export interface PreviewBinding {
  previewId?: string | undefined;
  prorationDate?: Date | undefined;
  planId: string;
  cycle: BillingCycle;
  quantity: number;
}

function invalid(message: string): AppError {
  return new AppError("PREVIEW_INVALID", message, {
    details: { issues: [{ path: "prorationDate", message }] },
  });
}

/**
 * The instant a change (or a repeated preview) is priced at: now, or the instant of a preview this
 * subscription was given — never any instant a caller names. A preview made before the subscription last
 * changed is stale: its instant would credit time that was paid at another price.
 */
export async function honouredInstant(
  db: Db | Tx,
  args: { subscription: Subscription; binding: PreviewBinding; now: Date },
): Promise<{ prorationDate: Date; preview: ChangePreview | null }> {
  const { subscription: sub, binding, now } = args;
  if (
    !binding.previewId &&
    (!binding.prorationDate || binding.prorationDate.getTime() === now.getTime())
  )
    return { prorationDate: now, preview: null };
  const preview = binding.previewId
    ? await db.changePreview.findFirst({
        where: {
          id: binding.previewId,
          subscriptionId: sub.id,
          organizationId: sub.organizationId,
        },
      })
    : await db.changePreview.findFirst({
        where: {
          subscriptionId: sub.id,
          organizationId: sub.organizationId,
          prorationDate: binding.prorationDate,
          planId: binding.planId,
          billingCycle: binding.cycle,
          quantity: binding.quantity,
        },
        orderBy: { createdAt: "desc" },
      });
  if (!preview)
    throw invalid("Use the prorationDate (or previewId) of a preview of this change, or neither.");
  if (binding.prorationDate && binding.prorationDate.getTime() !== preview.prorationDate.getTime())
    throw invalid("prorationDate differs from the preview's.");
  if (
    preview.planId !== binding.planId ||
    preview.billingCycle !== binding.cycle ||
    preview.quantity !== binding.quantity
  )
    throw invalid("The preview was for another plan, cycle or quantity.");
  if (preview.expiresAt <= now) throw invalid("The preview has expired. Preview the change again.");
  if (preview.subscriptionVersion.getTime() !== sub.updatedAt.getTime())
    throw new AppError(
      "PREVIEW_STALE",
      "The subscription changed after this preview. Preview the change again.",
    );
  return { prorationDate: preview.prorationDate, preview };
}

/** Remembers what a caller was shown, so change-plan can honour its instant and amount. */
export async function recordPreview(
  db: Db | Tx,
  args: {
    subscription: Subscription;
    binding: PreviewBinding;
    prorationDate: Date;
    amountDueNow: number;
    now: Date;
  },
): Promise<ChangePreview> {
  return db.changePreview.create({
    data: {
      organizationId: args.subscription.organizationId,
      subscriptionId: args.subscription.id,
      subscriptionVersion: args.subscription.updatedAt,
      prorationDate: args.prorationDate,
      planId: args.binding.planId,
      billingCycle: args.binding.cycle,
      quantity: args.binding.quantity,
      amountDueNow: args.amountDueNow,
      expiresAt: new Date(args.now.getTime() + PREVIEW_TTL_MS),
      createdAt: args.now,
    },
  });
}
