// `PORT=<n> pnpm stripe:server`: the Stripe test server alone, on 127.0.0.1:<n>. With STRIPE_WEBHOOK_URL
// (and optionally STRIPE_WEBHOOK_SECRET) it delivers every event there, signed.
import { startStripeTestServer } from "./server";

const port = Number(process.env.PORT ?? 12111);
const server = await startStripeTestServer({ port });
console.info(`Stripe test server on ${server.url}`);
const webhookUrl = process.env.STRIPE_WEBHOOK_URL;
if (webhookUrl) {
  server.addWebhookEndpoint(webhookUrl, process.env.STRIPE_WEBHOOK_SECRET || undefined);
  // The signing secret is never printed: the app gets it from STRIPE_WEBHOOK_SECRET.
  console.info(`Delivering events to ${webhookUrl}`);
}
const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
