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

export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      data-testid="status-badge"
      className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold ${TONES[status] ?? "bg-slate-100 text-slate-700"}`}
    >
      {status.replace("_", " ")}
    </span>
  );
}
