import { describe, expect, it } from 'vitest';
import { createCatalogIndex, searchCatalog } from '../../src/catalog/search.js';
import { splitWords, stem, tokenize } from '../../src/catalog/tokenize.js';
import { generatedCatalog, shopCatalog } from './shop-catalog.js';

const names = (hits: Array<{ schema: string; table: string }>) => hits.map((hit) => `${hit.schema}.${hit.table}`);

describe('tokenize', () => {
  it('splits snake_case, camelCase, acronyms and digits', () => {
    expect(splitWords('customer_order_totals')).toEqual(['customer', 'order', 'totals']);
    expect(splitWords('customerOrderTotals')).toEqual(['customer', 'order', 'totals']);
    expect(splitWords('HTTPServerLogs2026')).toEqual(['http', 'server', 'logs', '2026']);
    expect(splitWords('payment_events_2026_01')).toEqual(['payment', 'events', '2026', '01']);
  });

  it('stems plurals, -ing and -ed the same way on both sides', () => {
    expect(stem('orders')).toBe(stem('order'));
    expect(stem('categories')).toBe(stem('category'));
    expect(stem('boxes')).toBe(stem('box'));
    expect(stem('shipped')).toBe(stem('shipping'));
    expect(stem('created')).toBe(stem('create'));
    expect(stem('status')).toBe('status');
  });

  it('drops stop words', () => {
    expect(tokenize('which customers spent the most')).toEqual([stem('customer'), 'spent']);
  });
});

describe('searchCatalog on the shop fixture', () => {
  const index = createCatalogIndex(shopCatalog());

  it('indexes every table', () => {
    expect(index.size).toBe(8);
  });

  it('"revenue by month" ranks daily_revenue first and payments and orders high', () => {
    const top = names(index.search('revenue by month', { limit: 4 }));
    expect(top[0]).toBe('billing.daily_revenue');
    expect(top).toContain('billing.payments');
    expect(top).toContain('shop.orders');
  });

  it('"which customers spent the most" ranks customer_order_totals, orders and customers on top', () => {
    const hits = index.search('which customers spent the most', { limit: 3 });
    expect(names(hits)[0]).toBe('shop.customer_order_totals');
    expect(new Set(names(hits))).toEqual(new Set(['shop.customer_order_totals', 'shop.orders', 'shop.customers']));
    expect(hits[0]?.matchedColumns).toContain('total_spent');
    expect(hits[0]?.reasons.join(' ')).toMatch(/column matches "spent": total_spent/);
  });

  it('finds tables through comments and column names', () => {
    expect(names(index.search('payment provider events', { limit: 1 }))).toEqual(['billing.payment_events']);
    expect(names(index.search('orders that were cancelled', { limit: 1 }))).toEqual(['shop.orders']);
    const email = index.search('email of the newest customer', { limit: 1 })[0];
    expect(email).toMatchObject({ schema: 'shop', table: 'customers', matchedColumns: ['email'] });
  });

  it('finds identifiers written in another case style', () => {
    expect(names(index.search('unitPrice', { limit: 1 }))).toEqual(['shop.order_items']);
  });

  it('returns nothing for unrelated words or an empty question', () => {
    expect(index.search('xyzzy plugh')).toEqual([]);
    expect(index.search('')).toEqual([]);
    expect(index.search('the of which')).toEqual([]);
  });

  it('honours limit and minScore, and scores in descending order', () => {
    const all = index.search('order', { limit: 100 });
    expect(all.length).toBeGreaterThan(3);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    expect(index.search('order', { limit: 2 })).toHaveLength(2);
    const threshold = all[1]!.score;
    expect(index.search('order', { limit: 100, minScore: threshold }).every((hit) => hit.score > threshold)).toBe(true);
  });

  it('searchCatalog gives the same answer as the index', () => {
    expect(searchCatalog(shopCatalog(), 'revenue by month')).toEqual(index.search('revenue by month'));
  });
});

describe('search on a generated 5,000-table catalog', () => {
  it('builds once and answers 100 searches with ranked, relevant hits', () => {
    const catalog = generatedCatalog(5000);
    const index = createCatalogIndex(catalog);
    expect(index.size).toBe(5000);
    const questions = [
      'invoice',
      'ledger totals',
      'shipment per warehouse',
      'campaign metrics by month',
      'session events',
    ];
    for (let i = 0; i < 100; i++) {
      const hits = index.search(`${questions[i % questions.length]} ${i}`, { limit: 10 });
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.length).toBeLessThanOrEqual(10);
    }
    // The number in the question is in one table's name (and comment): it must come first.
    const exact = index.search('invoice 1801', { limit: 3 });
    expect(exact[0]?.table).toBe('invoice_1801');
  });
});
