import type { Metadata } from "next";

import { ApiReference } from "./api-reference";

export const metadata: Metadata = { title: "API reference · SalesOS Billing" };

export default function ApiReferencePage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">REST API reference</h1>
      <p className="text-sm text-slate-600">
        Generated from{" "}
        <a className="text-indigo-700 underline" href="/v1/openapi.json">
          /v1/openapi.json
        </a>
        . Create a token in Settings → API tokens, or with{" "}
        <code className="rounded bg-slate-100 px-1">POST /v1/auth/token</code>, then use
        “Authorize”.
      </p>
      <ApiReference />
    </div>
  );
}
