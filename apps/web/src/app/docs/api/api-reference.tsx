"use client";

import dynamic from "next/dynamic";

import "swagger-ui-react/swagger-ui.css";

// Swagger UI touches `window` at import time: render it on the client only. Its assets are bundled by
// Next.js from node_modules (no CDN).
const SwaggerUI = dynamic(() => import("swagger-ui-react"), {
  ssr: false,
  loading: () => <p className="text-sm text-slate-500">Loading the reference…</p>,
});

export function ApiReference() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-2" data-testid="api-reference">
      <SwaggerUI
        url="/v1/openapi.json"
        docExpansion="list"
        defaultModelsExpandDepth={0}
        tryItOutEnabled={false}
      />
    </div>
  );
}
