"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";

import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { Empty, Loading, QueryError } from "~/components/ui/states";
import { apiError } from "~/lib/errors";
import { useTRPC } from "~/trpc/react";

const dateTime = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "UTC",
});

/** Plain names for the queues staff see (docs/decisions.md "The job queue"). */
const QUEUE_NAMES: Record<string, string> = {
  "billing.tick": "Billing clock tick",
  "billing.renew": "Renewal",
  "billing.cancel": "Scheduled cancellation",
  "billing.collect": "Payment attempt",
  "billing.trial-notice": "Trial ending notice",
  "billing.reconcile": "Reconciler",
  "app.housekeeping": "Housekeeping",
  "mail.send": "E-mail",
};
const queueName = (queue: string) => QUEUE_NAMES[queue] ?? queue;

/** What a job was about, in one line: its subscription or notice, never its whole payload. */
function subject(data: unknown): string {
  if (data && typeof data === "object") {
    const fields = Object.entries(data as Record<string, unknown>)
      .filter(([, value]) => typeof value === "string" || typeof value === "number")
      .map(([key, value]) => `${key} ${String(value)}`);
    if (fields.length > 0) return fields.join(", ");
  }
  return "—";
}

/** Queue depth and the dead letters (jobs that failed every try), each with its error and a Retry. */
export function BackgroundJobs() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const overview = useQuery({
    ...trpc.admin.jobs.overview.queryOptions({}),
    refetchInterval: 10_000,
  });
  const retry = useMutation(
    trpc.admin.jobs.retry.mutationOptions({
      onSuccess: () => {
        toast.success("The job is back in the queue.");
        return queryClient.invalidateQueries({ queryKey: trpc.admin.jobs.overview.queryKey() });
      },
      onError: (error) => toast.error(apiError(error).message),
    }),
  );
  if (overview.isPending) return <Loading />;
  if (overview.isError) return <QueryError query={overview} />;
  const { waiting, active, failed, dead } = overview.data;
  const queued = Object.entries(waiting);
  return (
    <div className="space-y-6">
      <div className="grid gap-6 md:grid-cols-3">
        <Card title="Waiting">
          {queued.length === 0 ? (
            <p className="text-sm">Nothing waiting.</p>
          ) : (
            <dl className="grid grid-cols-2 gap-1 text-sm" data-testid="jobs-waiting">
              {queued.map(([queue, count]) => (
                <div key={queue} className="contents">
                  <dt className="text-slate-600">{queueName(queue)}</dt>
                  <dd>{count}</dd>
                </div>
              ))}
            </dl>
          )}
        </Card>
        <Card title="Running">
          <p className="text-2xl font-bold">{active}</p>
        </Card>
        <Card title="Failed every try">
          <p className="text-2xl font-bold" data-testid="jobs-failed">
            {failed}
          </p>
        </Card>
      </div>
      <section aria-labelledby="dead-heading" className="space-y-2">
        <h2 id="dead-heading" className="text-lg font-semibold">
          Failed jobs
        </h2>
        <p className="text-sm text-slate-600">
          Each was tried with growing pauses and failed every time. Retry runs it once more, after
          the cause is fixed; the work it does is safe to repeat.
        </p>
        {dead.length === 0 ? (
          <Empty>No failed jobs.</Empty>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="border-b text-slate-600">
                  <th className="px-3 py-2">Failed (UTC)</th>
                  <th className="px-3">Job</th>
                  <th className="px-3">About</th>
                  <th className="px-3">Tries</th>
                  <th className="px-3">Error</th>
                  <th className="px-3">
                    <span className="sr-only">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {dead.map((job) => (
                  <tr key={job.id} className="border-b last:border-0" data-testid="dead-job">
                    <td className="px-3 py-2 whitespace-nowrap">
                      {job.failedAt ? dateTime.format(new Date(job.failedAt)) : "—"}
                    </td>
                    <td className="px-3">{queueName(job.queue)}</td>
                    <td className="px-3 font-mono text-xs">{subject(job.data)}</td>
                    <td className="px-3">{job.tries}</td>
                    <td className="px-3 break-words">{job.error}</td>
                    <td className="px-3 py-1">
                      <Button
                        variant="secondary"
                        disabled={retry.isPending}
                        onClick={() => retry.mutate({ id: job.id })}
                        aria-label={`Retry ${queueName(job.queue)} job ${job.id}`}
                      >
                        Retry
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
