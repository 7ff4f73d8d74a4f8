import type { Metadata } from "next";

import { GatewayStatus } from "./gateway-status";

export const metadata: Metadata = { title: "Gateway · Admin · SalesOS Billing" };

export default function AdminGatewayPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Gateway</h1>
      <GatewayStatus />
    </div>
  );
}
