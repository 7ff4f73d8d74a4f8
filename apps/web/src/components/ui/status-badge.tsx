const TONES: Record<string, string> = {
  ACTIVE: "bg-emerald-100 text-emerald-800",
  PAID: "bg-emerald-100 text-emerald-800",
  TRIALING: "bg-sky-100 text-sky-800",
  OPEN: "bg-sky-100 text-sky-800",
  PAST_DUE: "bg-amber-100 text-amber-900",
  UNPAID: "bg-red-100 text-red-800",
  UNCOLLECTIBLE: "bg-red-100 text-red-800",
  CANCELED: "bg-slate-200 text-slate-700",
  VOID: "bg-slate-200 text-slate-700",
};

const WORDS: Record<string, string> = {
  ACTIVE: "Active",
  PAID: "Paid",
  TRIALING: "Trial",
  OPEN: "Open",
  DRAFT: "Draft",
  PAST_DUE: "Past due",
  UNPAID: "Unpaid",
  UNCOLLECTIBLE: "Uncollectible",
  CANCELED: "Canceled",
  VOID: "Void",
  INCOMPLETE: "Incomplete",
  INCOMPLETE_EXPIRED: "Expired",
  PAUSED: "Paused",
};

/**
 * A status in words. `cancelsOn`: a live subscription whose cancellation is scheduled reads "Cancels on
 * <date>" rather than an "Active" that hides it.
 */
export function StatusBadge({ status, cancelsOn }: { status: string; cancelsOn?: string | null }) {
  const tone = cancelsOn
    ? "bg-amber-100 text-amber-900"
    : (TONES[status] ?? "bg-slate-100 text-slate-700");
  return (
    <span
      data-testid="status-badge"
      className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold ${tone}`}
    >
      {cancelsOn ? `Cancels on ${cancelsOn}` : (WORDS[status] ?? status.replace(/_/g, " "))}
    </span>
  );
}
