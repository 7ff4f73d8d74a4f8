import type { Metadata } from "next";

import { AuditLog } from "./audit-log";

export const metadata: Metadata = { title: "Audit log · Admin · SalesOS Billing" };

export default function AdminAuditPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Audit log</h1>
      <AuditLog />
    </div>
  );
}
