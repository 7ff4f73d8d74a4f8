// The billing clock for production schedulers: `POST /api/cron/billing` with
// `Authorization: Bearer $CRON_SECRET` (disabled, 404, while CRON_SECRET is unset).
import { cronAuthorized, runBillingClock } from "@salesos/api";
import { getDb } from "@salesos/db";

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
  return Response.json(await runBillingClock(getDb()));
}

export { handler as GET, handler as POST };
