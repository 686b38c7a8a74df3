/**
 * Turns identifiers and questions into comparable terms: identifiers are split on snake_case, camelCase and digit
 * boundaries, everything is lowercased and lightly stemmed (plural s/es/ies, -ing, -ed, final e), so that
 * `customerOrderTotals`, `customer_order_totals` and "customers' order total" share terms.
 */

/** Words that carry no meaning for finding tables. */
export const stopWords: ReadonlySet<string> = new Set(
  (
    'a an the of for by in on to and or is are was were be been being what which who whom whose how many much most ' +
    'least more less me my our show list give get find all each per with from at as do does did i we you your top ' +
    'that this these those their there have has had it its over than then between into about any some please can ' +
    'could would should will tell us them they he she his her were where when why vs versus'
  ).split(' '),
);

/** Splits an identifier or a phrase into lowercase words (letters and digits runs, camelCase humps). */
export function splitWords(text: string): string[] {
  return (
    text
      // camelCase and PascalCase humps: orderItems -> order Items, HTTPServer -> HTTP Server
      .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
      .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
      // letter/digit boundaries: events2026 -> events 2026
      .replace(/(\p{L})(\p{N})/gu, '$1 $2')
      .replace(/(\p{N})(\p{L})/gu, '$1 $2')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 0)
  );
}

/** Light suffix stripping; the same function runs on documents and questions, so it only needs to be consistent. */
export function stem(word: string): string {
  if (word.length <= 3 || /^\p{N}+$/u.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(ss|sh|ch|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  // shipp(ed) -> ship; but keep ll/ss (bill, class)
  if (/([^aeiouls])\1$/.test(w) && w.length > 3) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Terms of an identifier or text with the words they came from, stop words removed. */
export function tokenizeWords(text: string): Array<{ word: string; term: string }> {
  const out: Array<{ word: string; term: string }> = [];
  for (const word of splitWords(text)) {
    if (!stopWords.has(word)) out.push({ word, term: stem(word) });
  }
  return out;
}

/** Terms of an identifier or text, stop words removed. */
export function tokenize(text: string): string[] {
  return tokenizeWords(text).map((entry) => entry.term);
}
