import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { appRouter, createContext, trpcRequestWithinLimits } from "@salesos/api";
import { log } from "@salesos/log";

const handler = async (original: Request) => {
  const req = await trpcRequestWithinLimits(original);
  if (req instanceof Response) return req;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req,
    createContext: () => createContext({ headers: req.headers, transport: "trpc" }),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR")
        log().error({ err: error.cause ?? error, procedure: path }, "tRPC procedure failed");
    },
  });
};

export { handler as GET, handler as POST };
