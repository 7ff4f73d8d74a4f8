import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";

import { ERROR_CODES } from "@salesos/validators";

import { successStatusOf } from "./rest-response";
import { appRouter } from "./root";

type SchemaObject = NonNullable<NonNullable<OpenAPIObject["components"]>["schemas"]>[string];

const ERROR_SCHEMA: SchemaObject = {
  type: "object",
  required: ["code", "message"],
  properties: {
    code: {
      type: "string",
      enum: [...ERROR_CODES],
      description: "Stable, machine-readable error code.",
    },
    message: { type: "string", description: "Human-readable; safe to show." },
    issues: {
      type: "array",
      description: "Validation problems (400 only).",
      items: {
        type: "object",
        required: ["path", "message"],
        properties: { path: { type: "string" }, message: { type: "string" } },
      },
    },
    details: {
      type: "object",
      additionalProperties: true,
      description: "Extra facts, e.g. `declineCode`, `subscriptionId`.",
    },
  },
};

interface Operation {
  operationId?: string;
  parameters?: unknown[];
  responses?: Record<string, { description?: string; content?: unknown }>;
}

const IDEMPOTENCY_HEADER = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "1–255 characters. Same key + same caller + same request within 24 hours replays the first response byte for byte (header `Idempotent-Replayed: true`); same key with a different request is 422 `IDEMPOTENCY_KEY_REUSED`; while the first is still running, 409 `IDEMPOTENCY_IN_PROGRESS`.",
  schema: { type: "string", minLength: 1, maxLength: 255 },
};

/** What the generator cannot say from zod alone: success statuses, errors, idempotency, the PDF body. */
function decorate(path: string, method: string, operation: Operation): void {
  const responses = (operation.responses ??= {});
  const procedurePath = operation.operationId?.replace(/-/g, ".");
  const success = successStatusOf(procedurePath);
  if (success !== 200 && responses["200"]) {
    responses[String(success)] = success === 204 ? { description: "No content" } : responses["200"];
    delete responses["200"];
  }
  if (path === "/payments/invoices/{id}/pdf") {
    responses["200"] = {
      description: "The invoice as a PDF file",
      content: { "application/pdf": { schema: { type: "string", format: "binary" } } },
    };
  }
  responses["503"] ??= {
    description:
      "`SERVICE_UNAVAILABLE`: the database is briefly unreachable (connection lost, shutting down, no free connection). Nothing was written; retry after `Retry-After` seconds.",
  };
  if (["POST", "PUT", "PATCH"].includes(method))
    responses["413"] ??= {
      description:
        "Body larger than the limit (API_BODY_LIMIT_BYTES, 1 MiB by default) or JSON nested deeper than 32 levels: refused before the rest is read.",
    };
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) >= 400)
      response.content = { "application/json": { schema: { $ref: "#/components/schemas/Error" } } };
  }
  if (
    ["POST", "PUT", "DELETE"].includes(method) &&
    !path.startsWith("/auth/") &&
    !path.startsWith("/payments/public/")
  ) {
    operation.parameters = [...(operation.parameters ?? []), IDEMPOTENCY_HEADER];
    responses["409"] ??= {
      description: "Conflict (also: a request with this Idempotency-Key is still running)",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
    responses["422"] = {
      description: "Idempotency-Key reused with a different request",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
}

/** Served by its own route (the signature needs the raw body), so written here rather than generated. */
const STRIPE_WEBHOOK_PATH = {
  post: {
    operationId: "webhooks-stripe",
    summary: "Receive a Stripe webhook",
    description:
      "For Stripe only (404 on the LOCAL gateway); no bearer token: the `Stripe-Signature` header (HMAC-SHA256 of the raw body with `STRIPE_WEBHOOK_SECRET`) authenticates it, and one older than 300 s is refused. An event id already processed is acknowledged and skipped. The object the event names is re-fetched from Stripe before anything is written, so delivery order does not matter. 200 only after the effect committed; a 5xx makes Stripe deliver it again.",
    tags: ["webhooks"],
    security: [],
    parameters: [
      {
        name: "Stripe-Signature",
        in: "header",
        required: true,
        schema: { type: "string", maxLength: 2048 },
      },
    ],
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: {
            type: "object",
            required: ["id", "type", "data"],
            properties: {
              id: { type: "string" },
              type: { type: "string" },
              data: { type: "object" },
            },
          },
        },
      },
    },
    responses: {
      "200": {
        description:
          "Processed (or a duplicate, acknowledged). `deferred: true`: applying it failed here, and the verified event was queued to be applied again within seconds (a job, retried with backoff) instead of failing the delivery.",
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["received", "duplicate"],
              properties: {
                received: { type: "boolean" },
                duplicate: { type: "boolean" },
                deferred: { type: "boolean" },
              },
            },
          },
        },
      },
      "400": {
        description: "Bad or stale signature",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
      "404": {
        description: "Not the STRIPE gateway",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
      "500": {
        description: "Not processed: Stripe retries",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    },
  },
};

let cached: OpenAPIObject | undefined;

/** The OpenAPI 3.1 document of every REST procedure, generated from the router (served at /v1/openapi.json). */
export function openApiDocument(): OpenAPIObject {
  if (cached) return cached;
  const doc = generateOpenApiDocument(appRouter, {
    title: "SalesOS Billing API",
    version: "1.0.0",
    openApiVersion: "3.1.0",
    baseUrl: "/v1",
    description:
      "Payments and subscriptions of SalesOS. Authenticate with `Authorization: Bearer <token>` (POST /v1/auth/token or a token from Settings → API tokens). Money is an integer in the currency's minor unit; dates are ISO-8601 UTC. Errors are `{ code, message, issues?, details? }`.",
    securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
  });
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, Error: ERROR_SCHEMA },
  };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      decorate(path, method.toUpperCase(), operation);
    }
  }
  doc.paths = { ...doc.paths, "/webhooks/stripe": STRIPE_WEBHOOK_PATH } as OpenAPIObject["paths"];
  cached = doc;
  return doc;
}
