import type { Metadata } from "next";

import { CouponForm } from "./coupon-form";
import { CouponList } from "./coupon-list";

export const metadata: Metadata = { title: "Coupons · Admin · SalesOS Billing" };

export default function AdminCouponsPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Coupons</h1>
      <CouponForm />
      <CouponList />
    </div>
  );
}
