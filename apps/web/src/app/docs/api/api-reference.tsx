"use client";

import { useEffect, useRef, useState } from "react";

import "swagger-ui-dist/swagger-ui.css";
// After Swagger UI's own stylesheet: its colours darkened to WCAG AA contrast, a visible focus ring.
import "./swagger-theme.css";

/**
 * Swagger UI from its prebuilt bundle (swagger-ui-dist, self-hosted, no CDN): Turbopack's own bundling
 * of swagger-ui-react's dependencies broke OpenAPI 3.1 documents at run time (`refract is not a
 * function`, swagger-api/swagger-ui#10599). The bundle carries its own React; it is loaded on the client
 * only and mounted into a node React leaves alone.
 */
export function ApiReference() {
  const node = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    const domNode = node.current;
    if (!domNode) return;
    let cancelled = false;
    // Swagger UI's server picker is a <select id="servers"> in an empty <label>: name it.
    const names = new MutationObserver(() => {
      const select = domNode.querySelector("select#servers");
      if (select && !select.hasAttribute("aria-label")) select.setAttribute("aria-label", "Server");
    });
    names.observe(domNode, { childList: true, subtree: true });
    import("swagger-ui-dist/swagger-ui-es-bundle.js")
      .then(({ default: SwaggerUIBundle }) => {
        if (cancelled) return;
        SwaggerUIBundle({
          domNode,
          url: "/v1/openapi.json",
          docExpansion: "list",
          defaultModelsExpandDepth: 0,
          tryItOutEnabled: false,
          onComplete: () => setLoading(false),
        });
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
      names.disconnect();
    };
  }, []);

  return (
    <div
      className="api-reference rounded-lg border border-slate-200 bg-white p-2"
      data-testid="api-reference"
    >
      {failed ? (
        <p role="alert" className="text-sm text-red-800">
          The reference could not be loaded. Reload the page to try again.
        </p>
      ) : loading ? (
        <p className="text-sm text-slate-600">Loading the reference…</p>
      ) : null}
      <div ref={node} />
    </div>
  );
}
