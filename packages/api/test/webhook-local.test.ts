import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "@salesos/db/testing";

import { handleStripeWebhook } from "../src/rest-webhook";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("POST /v1/webhooks/stripe on the LOCAL gateway", () => {
  it("is 404 and writes nothing", async () => {
    const res = await handleStripeWebhook(
      new Request("http://localhost/v1/webhooks/stripe", {
        method: "POST",
        body: JSON.stringify({ id: "evt_1", type: "checkout.session.completed", data: {} }),
        headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=00" },
      }),
      { db: database.db },
    );
    expect(res.status).toBe(404);
    expect(await database.db.webhookEvent.count()).toBe(0);
  });
});
