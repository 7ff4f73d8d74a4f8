import type { ReactNode } from "react";

import { AdminNav } from "~/components/admin/admin-nav";
import { requireStaff } from "~/server/actor";

export const dynamic = "force-dynamic";

/** Every admin page: SalesOS staff only (checked here on the server, and by every admin procedure). */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireStaff("/admin");
  return (
    <div className="space-y-6">
      <AdminNav />
      {children}
    </div>
  );
}
