"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

/** Started and ended subscriptions per month; the same figures are in the CSV export. */
export function MonthsChart({
  months,
}: {
  months: { month: string; started: number; churned: number }[];
}) {
  return (
    <div className="h-64 w-full" role="img" aria-label={summary(months)}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={months} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} width={32} />
          <Tooltip />
          <Legend />
          <Bar dataKey="started" name="New" fill="#4f46e5" />
          <Bar dataKey="churned" name="Churned" fill="#f97316" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function summary(months: { month: string; started: number; churned: number }[]): string {
  const started = months.reduce((n, m) => n + m.started, 0);
  const churned = months.reduce((n, m) => n + m.churned, 0);
  return `Chart: ${started} new and ${churned} churned subscriptions over ${months.length} months.`;
}
