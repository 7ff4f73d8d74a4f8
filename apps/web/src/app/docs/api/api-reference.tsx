"use client";

import dynamic from "next/dynamic";
import type { ComponentType } from "react";

import "swagger-ui-react/swagger-ui.css";
// After Swagger UI's own stylesheet: its colours darkened to WCAG AA contrast, a visible focus ring.
import "./swagger-theme.css";

// Swagger UI touches `window` at import time: render it on the client only. Its assets are bundled by
// Next.js from node_modules (no CDN).
const SwaggerUI = dynamic(() => import("swagger-ui-react"), {
  ssr: false,
  loading: () => <p className="text-sm text-slate-600">Loading the reference…</p>,
});

/**
 * Swagger UI's server picker is a `<select id="servers">` inside an empty `<label>`: give it a name (a
 * second, visually hidden label for the same control).
 */
const accessibleNames = () => ({
  wrapComponents: {
    Servers:
      (Original: ComponentType<Record<string, unknown>>) => (props: Record<string, unknown>) => (
        <>
          <label htmlFor="servers" className="sr-only">
            Server
          </label>
          <Original {...props} />
        </>
      ),
  },
});

export function ApiReference() {
  return (
    <div
      className="api-reference rounded-lg border border-slate-200 bg-white p-2"
      data-testid="api-reference"
    >
      <SwaggerUI
        url="/v1/openapi.json"
        docExpansion="list"
        defaultModelsExpandDepth={0}
        tryItOutEnabled={false}
        plugins={[accessibleNames]}
      />
    </div>
  );
}
