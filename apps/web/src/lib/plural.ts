/** Counted nouns in English, by Intl's plural rules: "1 seat", "3 seats", "0 seats". */
const RULES = new Intl.PluralRules("en-US");

export function plural(count: number, one: string, other = `${one}s`): string {
  return `${count.toLocaleString("en-US")} ${RULES.select(count) === "one" ? one : other}`;
}

/** "1 seat" / "3 seats": one wording on every page that counts seats. */
export function seatCount(count: number): string {
  return plural(count, "seat");
}
