import { formatMoney } from "@salesos/validators";

export { formatMoney };

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

export function formatDate(value: Date | string | null | undefined): string {
  return value ? dateFormat.format(new Date(value)) : "—";
}

export function cycleLabel(cycle: "monthly" | "yearly"): string {
  return cycle === "yearly" ? "year" : "month";
}
