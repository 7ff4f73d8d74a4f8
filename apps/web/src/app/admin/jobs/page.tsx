import type { Metadata } from "next";

import { BackgroundJobs } from "./background-jobs";

export const metadata: Metadata = { title: "Background jobs · Admin · SalesOS Billing" };

export default function AdminJobsPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Background jobs</h1>
      <BackgroundJobs />
    </div>
  );
}
