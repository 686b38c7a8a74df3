import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/model.js';
import { estimateTokens, omissionSteps, renderCatalog } from '../../src/catalog/render.js';
import { loadSqlParser, type SqlParserModule } from '../../src/sql/index.js';
import { generatedCatalog, shopCatalog } from './shop-catalog.js';

const lastLine = (text: string) => text.split('\n').at(-1) ?? '';
const stepLabels = omissionSteps.map((step) => step.label);

describe('renderCatalog markdown', () => {
  const { text, omitted, estimatedTokens } = renderCatalog(shopCatalog(), { format: 'markdown' });

  it('renders every table with kind, rows, comment and annotated columns', () => {
    expect(text).toContain('### shop.customers (table, ~5 rows) -- People who placed at least one order');
    expect(text).toContain('### billing.daily_revenue (materialized view)');
    expect(text).toContain('### billing.payment_events (partitioned table) -- Payment provider events');
    expect(text).toContain('- id integer [pk]');
    expect(text).toContain('- customer_id integer not null [fk->shop.customers.id]');
    expect(text).toContain('- order_id integer [pk] [fk->shop.orders.id]');
    expect(text).toContain('- email text not null -- Login e-mail, unique');
    expect(text).toContain('- full_name text\n');
    expect(text).toContain('- created_at timestamp with time zone not null = now()');
    expect(text).toContain('{nulls 20%, ~3 distinct, e.g. DE, FR}');
    expect(text).toContain('indexes: orders_customer_idx (customer_id, ordered_at)');
    expect(text).toContain('definition: SELECT c.id AS customer_id');
    expect(text.match(/^### /gm)).toHaveLength(8);
  });

  it('lists a unique key once when both its constraint and its index are in the catalog', () => {
    const catalog = shopCatalog();
    const customers = catalog.databases[0]!.schemas.flatMap((schema) => schema.tables).find(
      (t) => t.name === 'customers',
    )!;
    customers.indexes.push({ name: 'customers_email_key', columns: ['email'], unique: true, primary: false });
    const rendered = renderCatalog(catalog, { format: 'markdown' }).text;
    expect(rendered).toContain('indexes: customers_country_idx (country_code); customers_email_key unique (email)');
    expect(rendered.match(/\(email\)/g)).toHaveLength(1);
  });

  it('omits nothing without a budget and estimates tokens as ceil(chars / 4)', () => {
    expect(omitted).toEqual([]);
    expect(text).not.toMatch(/Omitted/);
    expect(estimatedTokens).toBe(Math.ceil(text.length / 4));
    expect(estimateTokens('12345')).toBe(2);
  });
});

describe('renderCatalog ddl', () => {
  let parser: SqlParserModule;
  beforeAll(async () => {
    parser = await loadSqlParser();
  });

  it('renders CREATE TABLE/VIEW statements with keys, indexes and comments', () => {
    const { text } = renderCatalog(shopCatalog(), { format: 'ddl' });
    expect(text).toContain('CREATE TABLE shop.orders (');
    expect(text).toContain('  status text NOT NULL, -- placed, shipped, delivered or cancelled');
    expect(text).toContain('FOREIGN KEY (customer_id) REFERENCES shop.customers (id)');
    expect(text).toContain('CREATE INDEX orders_customer_idx ON shop.orders (customer_id, ordered_at);');
    expect(text).toContain('CREATE MATERIALIZED VIEW billing.daily_revenue AS SELECT CAST(paid_at AS DATE)');
    expect(text).toContain('-- People who placed at least one order (~5 rows)');
  });

  it('is DDL the SQL parser accepts, at full detail and with types dropped to names', () => {
    const full = renderCatalog(shopCatalog(), { format: 'ddl' }).text;
    const statements = parser.parseWithComments(full, 'postgresql').statements;
    // 8 tables and views, 2 secondary indexes.
    expect(statements).toHaveLength(10);
    const namesOnly = renderCatalog(shopCatalog(), { format: 'ddl', maxTokens: 330 });
    expect(namesOnly.omitted).toContain('column types (names only)');
    expect(namesOnly.text).not.toContain('timestamp with time zone');
  });

  it('keeps a multi-line view definition intact so its comments cannot swallow the statement end', () => {
    const catalog = shopCatalog();
    const view = catalog.databases[0]?.schemas[0]?.tables.find((table) => table.name === 'customer_order_totals');
    if (!view) throw new Error('fixture view missing');
    view.viewDefinition = 'SELECT c.id AS customer_id -- the key\nFROM shop.customers c -- all of them';
    const { text } = renderCatalog(catalog, { format: 'ddl' });
    expect(text).toContain('AS\nSELECT c.id AS customer_id -- the key\nFROM shop.customers c -- all of them\n;');
    expect(parser.parseWithComments(text, 'postgresql').statements).toHaveLength(10);
  });

  it('quotes identifiers the engine would not accept bare', () => {
    const catalog: Catalog = {
      ...shopCatalog(),
      engine: 'mysql',
      databases: [
        {
          name: 'shop',
          schemas: [
            {
              name: 'shop',
              tables: [
                {
                  name: 'Order Lines',
                  kind: 'table',
                  columns: [{ name: 'order', ordinal: 1, nativeType: 'int', type: 'integer', nullable: false }],
                  foreignKeys: [],
                  uniqueConstraints: [],
                  indexes: [],
                },
              ],
            },
          ],
        },
      ],
    };
    const { text } = renderCatalog(catalog, { format: 'ddl' });
    expect(text).toContain('CREATE TABLE shop.`Order Lines` (');
    expect(text).toContain('  `order` int NOT NULL');
  });
});

describe('renderCatalog within a budget', () => {
  it('documents the order in which detail goes', () => {
    expect(stepLabels).toEqual([
      'column statistics and sample values',
      'column comments',
      'column defaults, unique constraints, index and partition lists',
      'view definitions',
      'column types (names only)',
      'table comments',
    ]);
  });

  it('drops detail in the stated order, stays within budget and says so on the last line', () => {
    const full = renderCatalog(shopCatalog(), { format: 'markdown' }).estimatedTokens;
    let previous: string[] = [];
    for (let budget = full; budget >= 20; budget -= 10) {
      const result = renderCatalog(shopCatalog(), { format: 'markdown', maxTokens: budget });
      expect(result.estimatedTokens).toBeLessThanOrEqual(budget);
      const details = result.omitted.filter((entry) => !entry.startsWith('table: '));
      // Always a prefix of the stated order (the fixture has every kind of detail).
      expect(details).toEqual(stepLabels.slice(0, details.length));
      // Whole tables go only after every kind of detail.
      if (result.omitted.some((entry) => entry.startsWith('table: '))) expect(details).toEqual(stepLabels);
      // A smaller budget never brings a kind of detail back.
      expect(details.slice(0, previous.length)).toEqual(previous);
      previous = details;
      if (result.omitted.length > 0) expect(lastLine(result.text)).toMatch(/^Omitted/);
    }
    expect(previous).toEqual(stepLabels);
  });

  it('removes what it says it removed', () => {
    const noComments = renderCatalog(shopCatalog(), { format: 'markdown', maxTokens: 420 });
    expect(noComments.omitted).toContain('column comments');
    expect(noComments.text).not.toContain('Login e-mail');
    expect(noComments.text).not.toContain('{nulls');
    expect(noComments.text).toContain('People who placed at least one order');
  });

  it('drops the least connected and smallest tables first, or the last listed with dropOrder "listed"', () => {
    const result = renderCatalog(shopCatalog(), { format: 'markdown', maxTokens: 150 });
    const dropped = result.omitted.filter((entry) => entry.startsWith('table: '));
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped[0]).toBe('table: billing.daily_revenue');
    expect(result.text).toContain('### shop.orders');

    const tables = [
      { schema: 'billing', table: 'daily_revenue' },
      { schema: 'billing', table: 'payments' },
      { schema: 'shop', table: 'orders' },
    ];
    const listed = renderCatalog(shopCatalog(), { format: 'markdown', maxTokens: 60, tables, dropOrder: 'listed' });
    expect(listed.text).toContain('### billing.daily_revenue');
    expect(listed.omitted).toContain('table: shop.orders');
  });

  it('renders only the requested tables and lists the ones not found', () => {
    const result = renderCatalog(shopCatalog(), {
      format: 'markdown',
      tables: [
        { schema: 'SHOP', table: 'Orders' },
        { schema: 'shop', table: 'nope' },
      ],
    });
    expect(result.text.match(/^### /gm)).toEqual(['### ']);
    expect(result.text).toContain('### shop.orders');
    expect(result.omitted).toEqual(['not found: shop.nope']);
    expect(lastLine(result.text)).toContain('not found: shop.nope');
  });

  it('never exceeds any budget (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 800 }),
        fc.constantFrom('markdown' as const, 'ddl' as const),
        (budget, format) => {
          const result = renderCatalog(shopCatalog(), { format, maxTokens: budget });
          expect(result.estimatedTokens).toBeLessThanOrEqual(budget);
          expect(result.estimatedTokens).toBe(Math.ceil(result.text.length / 4));
          if (result.omitted.length === 0) expect(result.text).not.toMatch(/Omitted/);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('renderCatalog on a generated 5,000-table catalog', () => {
  const catalog = generatedCatalog(5000);

  it.each([500, 4000, 30000])('fits %i tokens in both formats and lists what it dropped', (budget) => {
    for (const format of ['markdown', 'ddl'] as const) {
      const result = renderCatalog(catalog, { format, maxTokens: budget });
      expect(result.estimatedTokens).toBeLessThanOrEqual(budget);
      expect(result.omitted.length).toBeGreaterThan(0);
      expect(result.omitted.filter((entry) => entry.startsWith('table: ')).length).toBeGreaterThan(4000);
      expect(lastLine(result.text)).toMatch(/^(-- )?Omitted to fit the token budget/);
      const shown = (result.text.match(format === 'ddl' ? /^CREATE (TABLE|VIEW)/gm : /^### /gm) ?? []).length;
      expect(shown).toBeGreaterThan(0);
      expect(shown + result.omitted.filter((entry) => entry.startsWith('table: ')).length).toBe(5000);
    }
  });

  it('renders everything without a budget', () => {
    const result = renderCatalog(catalog, { format: 'markdown' });
    expect(result.omitted).toEqual([]);
    expect(result.text.match(/^### /gm)).toHaveLength(5000);
  });
});
