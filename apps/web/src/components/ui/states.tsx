import type { ReactNode } from "react";

import { apiError } from "~/lib/errors";

/**
 * A skeleton while data loads: grey bars of the height the content will take (`lines`), so the layout does
 * not jump when it arrives; the label is for screen readers.
 */
export function Loading({ label = "Loading…", lines = 3 }: { label?: string; lines?: number }) {
  return (
    <div role="status" aria-live="polite" data-loading="" className="space-y-3 py-1">
      <span className="sr-only">{label}</span>
      {Array.from({ length: lines }, (_, i) => (
        <div
          key={i}
          aria-hidden="true"
          className={`h-4 animate-pulse rounded bg-slate-200 ${i === lines - 1 ? "w-2/3" : "w-full"}`}
        />
      ))}
    </div>
  );
}

export function ErrorState({
  message,
  action,
  onRetry,
  retrying = false,
}: {
  message: string;
  action?: ReactNode;
  /** Shows a "Try again" button that runs this. */
  onRetry?: () => void;
  retrying?: boolean;
}) {
  return (
    <div
      role="alert"
      className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800"
    >
      <p>{message}</p>
      {action || onRetry ? (
        <div className="mt-3 flex flex-wrap items-center gap-3">
          {onRetry ? (
            <button
              type="button"
              onClick={onRetry}
              disabled={retrying}
              className="min-h-11 rounded-md border border-red-300 bg-white px-4 text-sm font-medium text-red-800 hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700 disabled:opacity-60"
            >
              {retrying ? "Trying again…" : "Try again"}
            </button>
          ) : null}
          {action}
        </div>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-500">
      {children}
    </p>
  );
}

/** A failed query in plain words, with "Try again" (it refetches; the message stays until it works). */
export function QueryError({
  query,
}: {
  query: { error: unknown; refetch: () => Promise<unknown>; isFetching: boolean };
}) {
  return (
    <ErrorState
      message={apiError(query.error).message}
      onRetry={() => void query.refetch()}
      retrying={query.isFetching}
    />
  );
}
