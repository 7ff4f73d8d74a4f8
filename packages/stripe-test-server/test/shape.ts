/**
 * Compares an object's shape with Stripe's published example (fixtures3.json): the same top-level fields,
 * and wherever both sides hold a value, the same type; nested objects keep at least the example's fields.
 * `metadata` is free-form and not compared.
 */
function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

export function shapeDiff(ours: unknown, example: unknown, path = "", top = true): string[] {
  const problems: string[] = [];
  if (ours === null || example === null) return problems;
  const [a, b] = [kind(ours), kind(example)];
  if (a !== b) return [`${path || "(root)"}: ${a} where Stripe has ${b}`];
  if (a === "array") {
    const [first] = ours as unknown[];
    const [exampleFirst] = example as unknown[];
    if (first !== undefined && exampleFirst !== undefined)
      problems.push(...shapeDiff(first, exampleFirst, `${path}[0]`, false));
    return problems;
  }
  if (a !== "object" || path.endsWith("metadata")) return problems;
  const mine = ours as Record<string, unknown>;
  const theirs = example as Record<string, unknown>;
  for (const key of Object.keys(theirs)) {
    const at = path ? `${path}.${key}` : key;
    if (!(key in mine)) problems.push(`${at}: missing`);
    else problems.push(...shapeDiff(mine[key], theirs[key], at, false));
  }
  if (top)
    for (const key of Object.keys(mine))
      if (!(key in theirs)) problems.push(`${key}: not a field of Stripe's object`);
  return problems;
}
