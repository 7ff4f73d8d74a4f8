import type { Metadata } from "next";

import { Redemptions } from "./redemptions";

export const metadata: Metadata = { title: "Coupon · Admin · SalesOS Billing" };

export default async function AdminCouponPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <Redemptions couponId={id} />;
}
