// The whole /v1 REST surface is mounted here and nowhere else (see packages/api/src/rest.ts).
import { handleRestRequest } from "@salesos/api/rest";

export const dynamic = "force-dynamic";

const handler = (req: Request) => handleRestRequest(req);

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
