import type { Metadata } from "next";

import { OrganizationView } from "./organization-view";

export const metadata: Metadata = { title: "Customer · Admin · SalesOS Billing" };

export default async function AdminCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <OrganizationView organizationId={id} />;
}
