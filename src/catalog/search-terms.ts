import type { TypeFamily } from './model.js';
import { questionWords, stem, tokenize } from './tokenize.js';

/** Virtual term given to date/time columns, so "by month" or "over time" finds tables that have a time axis. */
export const timeTerm = '__time';
/** Virtual term given to decimal columns, so money words find tables with amounts. */
export const amountTerm = '__amount';

const timeFamilies: ReadonlySet<TypeFamily> = new Set(['date', 'timestamp', 'time']);

/** The virtual terms a column contributes because of its type family. */
export function typeTerms(type: TypeFamily): string[] {
  if (timeFamilies.has(type)) return [timeTerm];
  if (type === 'decimal') return [amountTerm];
  return [];
}

/**
 * Analyst vocabulary that rarely appears verbatim in schemas: each question word also searches for these related
 * terms at a lower weight. Offline and small on purpose; it is a nudge, not a thesaurus.
 */
const related: Record<string, string[]> = {
  revenue: ['sales', 'amount', 'total', 'payment', 'paid', 'order', 'price', 'income', amountTerm],
  sales: ['revenue', 'order', 'amount', 'total', amountTerm],
  spent: ['spend', 'amount', 'total', 'paid', 'payment', 'price', amountTerm],
  spend: ['spent', 'amount', 'total', 'paid', 'payment', 'price', amountTerm],
  money: ['amount', 'price', 'total', 'payment', amountTerm],
  cost: ['price', 'amount', 'total', amountTerm],
  income: ['revenue', 'payment', 'amount', amountTerm],
  paid: ['payment', 'amount'],
  pay: ['payment', 'paid', 'amount'],
  customer: ['client', 'buyer', 'user', 'account'],
  client: ['customer', 'buyer', 'account'],
  buyer: ['customer', 'client'],
  user: ['customer', 'account', 'member'],
  product: ['item', 'sku', 'article'],
  item: ['product', 'line', 'sku'],
  purchase: ['order', 'payment', 'buy'],
  buy: ['order', 'purchase'],
  bought: ['order', 'purchase', 'quantity'],
  sold: ['order', 'sales', 'quantity'],
  order: ['purchase'],
  country: ['region', 'nation', 'location'],
  region: ['country', 'location'],
  refund: ['return', 'cancel'],
  cancel: ['status', 'refund'],
  shipped: ['status', 'shipment', 'delivered'],
  delivered: ['status', 'shipment', 'shipped'],
};

const timeWords = [
  'time',
  'date',
  'day',
  'daily',
  'week',
  'weekly',
  'month',
  'monthly',
  'quarter',
  'quarterly',
  'year',
  'yearly',
  'annual',
  'trend',
  'when',
  'recent',
  'latest',
  'history',
  'period',
  'yesterday',
  'today',
  'ytd',
  'january',
  'february',
  'march',
  'april',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/**
 * Aggregation and filler words ("average", "total", "code", "rate") name what to compute, not where the data is; they
 * match columns of every schema (`total_amount`, `country_code`), so they count at a fraction of a word's weight and
 * do not count towards the share of question words a table covers.
 */
const weakWordList =
  'average avg mean median total sum count number amount max maximum min minimum highest lowest largest smallest ' +
  'biggest percentage percent share ratio rate proportion value values code type kind id data record records ' +
  'information info details overall distribution breakdown trend level';
const weakWeight = 0.3;

interface RelatedTerm {
  term: string;
  word: string;
}

interface Vocabulary {
  weakWords: ReadonlySet<string>;
  relatedByStem: ReadonlyMap<string, RelatedTerm[]>;
}

let vocabulary: Vocabulary | undefined;

/** The word lists stemmed, on first use: at import, stemming them cost every process ~5 ms of its start-up. */
function questionVocabulary(): Vocabulary {
  if (vocabulary) return vocabulary;
  const relatedByStem = new Map<string, RelatedTerm[]>();
  for (const [word, words] of Object.entries(related)) {
    relatedByStem.set(
      stem(word),
      words.map((w) => ({ term: w.startsWith('__') ? w : (tokenize(w)[0] ?? w), word: w })),
    );
  }
  for (const word of timeWords) {
    const key = stem(word);
    relatedByStem.set(key, [...(relatedByStem.get(key) ?? []), { term: timeTerm, word: timeTerm }]);
  }
  vocabulary = { weakWords: new Set(weakWordList.split(' ').map(stem)), relatedByStem };
  return vocabulary;
}

/** A question term and how much it counts. */
export interface QueryTerm {
  term: string;
  weight: number;
  /** The question word it came from. */
  source: string;
  /** The word shown in reasons (the related word itself for related terms). */
  word: string;
  /** Whether it is a related term of `source` rather than `source` itself. */
  related: boolean;
  /** An aggregation or filler word (see weakWords): not counted in a table's coverage of the question. */
  weak?: boolean;
}

const relatedWeight = 0.35;

/**
 * Terms of a question: its own words at weight 1, related words at a lower weight. A term is kept once, for the
 * first question word that produced it directly, else for the first that produced it as a related term.
 */
export function questionTerms(question: string): QueryTerm[] {
  const terms = new Map<string, QueryTerm>();
  const add = (term: QueryTerm) => {
    const existing = terms.get(term.term);
    if (!existing || existing.weight < term.weight) terms.set(term.term, term);
  };
  const { weakWords, relatedByStem } = questionVocabulary();
  for (const { word, term } of questionWords(question)) {
    const weak = weakWords.has(term) || /^\p{N}+$/u.test(term);
    add({
      term,
      weight: weak && !/^\p{N}/u.test(term) ? weakWeight : 1,
      source: word,
      word,
      related: false,
      ...(weak ? { weak } : {}),
    });
    for (const extra of relatedByStem.get(term) ?? []) {
      add({ term: extra.term, weight: relatedWeight, source: word, word: extra.word, related: true });
    }
  }
  // "when" is a stop word, yet it asks for a time axis.
  for (const word of question.toLowerCase().split(/[^\p{L}]+/u)) {
    if (word && timeWords.includes(word)) {
      add({ term: timeTerm, weight: relatedWeight, source: word, word: timeTerm, related: true });
    }
  }
  return [...terms.values()];
}
