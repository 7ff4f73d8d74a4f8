/** The REST API of a running server, as a script would call it: JSON in and out, status kept. */
export interface RestAnswer {
  status: number;
  body: Record<string, unknown>;
}

export function restClient(base: string) {
  async function call(
    method: string,
    route: string,
    token: string | null,
    body?: unknown,
    key?: string,
  ): Promise<RestAnswer> {
    const res = await fetch(`${base}/v1${route}`, {
      method,
      headers: {
        "Content-Type": "application/json",
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(key ? { "Idempotency-Key": key } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }
  /** A bearer token for a demo user (password SalesOS-demo-1). */
  async function token(email: string): Promise<string> {
    const res = await call("POST", "/auth/token", null, { email, password: "SalesOS-demo-1" });
    if (res.status !== 200) throw new Error(`sign-in of ${email} answered ${res.status}`);
    return res.body.accessToken as string;
  }
  async function plans(): Promise<{ id: string; slug: string }[]> {
    return (await (await fetch(`${base}/v1/plans`)).json()) as { id: string; slug: string }[];
  }
  return { call, token, plans };
}
