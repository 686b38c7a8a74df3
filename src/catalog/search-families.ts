import type { QueryTerm } from './search-terms.js';

/** Weight of a word-family term: close to the word itself, above a loosely related word. */
const familyWeight = 0.6;
/** The shorter stem is at least this long, so `cat` never pulls in `catalog`. */
const minimumStem = 4;
/** At most this many letters tell the two apart: ship/shipment, consum/consumpt, diagnos/diagnosi, deliv/deliveri. */
const maximumSuffix = 4;

/**
 * Derivational families the stemmer leaves apart (Porter2 stems `shipped` to ship but `shipment` to shipment,
 * `consumed` to consum but `consumption` to consumpt): terms of the index vocabulary that extend a question term by a
 * short suffix, or that it extends, join as related terms.
 */
export function createFamilyLookup(vocabulary: Iterable<string>): (query: QueryTerm[]) => QueryTerm[] {
  const words = [...vocabulary].filter((term) => !term.startsWith('__')).sort();
  const known = new Set(words);
  const firstAtLeast = (prefix: string) => {
    let low = 0;
    let high = words.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((words[middle] as string) < prefix) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return (query) => {
    const have = new Set(query.map((term) => term.term));
    const extra: QueryTerm[] = [];
    const add = (term: string, from: QueryTerm) => {
      if (have.has(term)) return;
      have.add(term);
      extra.push({ term, weight: familyWeight * from.weight, source: from.source, word: term, related: true });
    };
    for (const term of query) {
      if (term.related || term.term.length < minimumStem || !/^\p{L}+$/u.test(term.term)) continue;
      for (let i = firstAtLeast(term.term); i < words.length; i++) {
        const word = words[i] as string;
        if (!word.startsWith(term.term)) break;
        if (word.length - term.term.length <= maximumSuffix) add(word, term);
      }
      for (let length = Math.max(minimumStem, term.term.length - maximumSuffix); length < term.term.length; length++) {
        const prefix = term.term.slice(0, length);
        if (known.has(prefix)) add(prefix, term);
      }
    }
    return [...query, ...extra];
  };
}
