// The billing clock's tick for an outside scheduler: `POST /api/cron/billing` with
// `Authorization: Bearer $CRON_SECRET` (disabled, 404, while CRON_SECRET is unset). It enqueues the due
// work on the job queue, as the scheduled tick does, and answers how many jobs of each kind it found due;
// the instances' workers do them.
import { cronAuthorized } from "@salesos/api";
import { startJobs } from "@salesos/api/jobs";
import { getDatabase } from "@salesos/db";

export const dynamic = "force-dynamic";

async function handler(req: Request): Promise<Response> {
  if (!process.env.CRON_SECRET)
    return Response.json({ code: "NOT_FOUND", message: "Not found" }, { status: 404 });
  if (!cronAuthorized(req.headers.get("authorization"))) {
    return Response.json(
      { code: "UNAUTHORIZED", message: "Bad cron secret." },
      { status: 401, headers: { "WWW-Authenticate": "Bearer" } },
    );
  }
  const queue = await startJobs(getDatabase());
  return Response.json({ enqueued: await queue.enqueueDue() });
}

export { handler as GET, handler as POST };
