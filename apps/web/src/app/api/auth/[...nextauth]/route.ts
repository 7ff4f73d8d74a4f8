import NextAuth from "next-auth";

import { buildAuthOptions } from "@salesos/auth/next-auth";

const handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) =>
  // next-auth v4's App Router handler reads the catch-all params itself.
  (NextAuth(buildAuthOptions()) as (req: Request, ctx: unknown) => Promise<Response>)(req, ctx);

export { handler as GET, handler as POST };
