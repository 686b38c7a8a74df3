/**
 * Turns identifiers and questions into comparable terms: identifiers are split on snake_case, camelCase and digit
 * boundaries, everything is lowercased and stemmed with the Porter2 (Snowball English) stemmer, so that
 * `customerOrderTotals`, `customer_order_totals` and "customers' order total" share terms.
 */
import porter2 from 'wink-porter2-stemmer';

/** Words that carry no meaning for finding tables. */
export const stopWords: ReadonlySet<string> = new Set(
  (
    'a an the of for by in on to and or is are was were be been being what which who whom whose how many much most ' +
    'least more less me my our show list give get find all each per with from at as do does did i we you your top ' +
    'that this these those their there have has had it its over than then between into about any some please can ' +
    'could would should will tell us them they he she his her were where when why vs versus also only just still ' +
    'not no yes did done got ever every one'
  ).split(' '),
);

/**
 * Verbs that open an instruction ("State the rate ...", "Calculate ..."): dropped when they start a sentence, where
 * they ask for an action, and kept elsewhere, where they may name a column ("customers by state").
 */
const instructionVerbs: ReadonlySet<string> = new Set(
  (
    'state calculate compute indicate identify determine provide display return name describe explain report ' +
    'count rank compare estimate summarize summarise break fetch select output mention specify'
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

const stems = new Map<string, string>();

/** Porter2 stem of a lowercase word (memoised: identifiers repeat); numbers and short words stay as they are. */
export function stem(word: string): string {
  if (word.length <= 3 || /\P{L}/u.test(word)) return word;
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    stemmed = porter2(word);
    if (stems.size < 100_000) stems.set(word, stemmed);
  }
  return stemmed;
}

/** Terms of an identifier or text with the words they came from, stop words and single letters removed. */
export function tokenizeWords(text: string): Array<{ word: string; term: string }> {
  const out: Array<{ word: string; term: string }> = [];
  for (const word of splitWords(text)) {
    if (word.length > 1 && !stopWords.has(word)) out.push({ word, term: stem(word) });
  }
  return out;
}

/** Terms of an identifier or text, stop words removed. */
export function tokenize(text: string): string[] {
  return tokenizeWords(text).map((entry) => entry.term);
}

/** Dates written in a question (12/31/2019, 2019-12-31, 31.12.2019): filter values, never part of a name. */
const datePattern = /\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b/g;

/**
 * Terms of a question: like `tokenizeWords`, but dates ("12/31/2019") are left out, and so are instruction verbs at
 * the start of a sentence ("State the rate ...", "Calculate ..."). Numbers stay: they match numbers in table names
 * and comments (`invoices_2025`), never digit fragments of column names (`a12`), which the index leaves out.
 */
export function questionWords(question: string): Array<{ word: string; term: string }> {
  const out: Array<{ word: string; term: string }> = [];
  for (const sentence of question.replace(datePattern, ' ').split(/[.;:!?\n]+|,\s+/)) {
    const words = splitWords(sentence).filter((word) => word.length > 1);
    let start = 0;
    while (start < words.length && (instructionVerbs.has(words[start]!) || stopWords.has(words[start]!))) start++;
    for (const word of words.slice(start)) {
      if (!stopWords.has(word)) out.push({ word, term: stem(word) });
    }
  }
  return out;
}

/** Whether a term is a number (kept out of column-name terms: `a12` must not match "12/31" or "12 months"). */
export const isNumberTerm = (term: string): boolean => /^\p{N}+$/u.test(term);
