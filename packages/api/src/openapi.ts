import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";

import { ERROR_CODES } from "@salesos/validators";

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
  // Every error response of every operation uses the one error body of the contract.
  for (const item of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(
      item as Record<string, { responses?: Record<string, { content?: unknown }> }>,
    )) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (Number(status) >= 400)
          response.content = {
            "application/json": { schema: { $ref: "#/components/schemas/Error" } },
          };
      }
    }
  }
  cached = doc;
  return doc;
}
