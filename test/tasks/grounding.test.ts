import { describe, expect, it } from 'vitest';
import {
  isQuantitativeQuestion,
  type ShownResult,
  statedNumbers,
  traceNumbers,
  ungroundedNumbers,
} from '../../src/tasks/analyst-agent/grounding.js';

const shown = (artifactId: string, sql: string, rows: Record<string, unknown>[], complete = true): ShownResult => ({
  artifactId,
  sql,
  rows,
  complete,
});

describe('numeric grounding of an answer', () => {
  const results = [
    shown('q1', 'SELECT SUM(amount) AS revenue, COUNT(*) AS orders FROM payments', [
      { revenue: '143221.40', orders: 400 },
    ]),
    shown('q2', 'SELECT share FROM s', [{ share: 0.125 }, { share: 1234567 }, { share: 41 }]),
  ];

  it('accepts numbers that round to a shown cell at the precision they were written with', () => {
    expect(ungroundedNumbers('Revenue was 143,221.40 EUR over 400 orders.', results)).toEqual([]);
    expect(ungroundedNumbers('About 1.2 million visits; 12.5% of orders; 143221 EUR.', results)).toEqual([]);
  });

  it('traces each number to its artifact, row and column', () => {
    const { traces } = traceNumbers('Revenue was 143,221.40 EUR; 41 customers.', results);
    expect(traces).toEqual([
      {
        number: '143,221.40',
        value: 143221.4,
        artifactId: 'q1',
        sql: results[0]!.sql,
        row: 0,
        column: 'revenue',
        source: 'cell',
      },
      { number: '41', value: 41, artifactId: 'q2', sql: results[1]!.sql, row: 2, column: 'share', source: 'cell' },
    ]);
  });

  it('reports numbers no shown result accounts for', () => {
    expect(ungroundedNumbers('Revenue was 987,654.32 EUR and 401 orders.', results)).toEqual(['987,654.32', '401']);
    expect(ungroundedNumbers('Roughly 2 million visits.', results)).toEqual(['2']);
  });

  it('grounds small counts and years only by a source: a row count, a query literal or a date cell', () => {
    expect(ungroundedNumbers('There are 3 payment methods, in 2026.', [results[0]!])).toEqual(['3', '2026']);
    const methods = shown('q3', "SELECT method FROM payments WHERE paid_at >= '2026-01-01' GROUP BY method", [
      { method: 'card' },
      { method: 'paypal' },
      { method: 'bank_transfer' },
    ]);
    const { traces, ungrounded } = traceNumbers('There are 3 payment methods, in 2026.', [methods]);
    expect(ungrounded).toEqual([]);
    expect(traces.map((t) => t.source)).toEqual(['rowCount', 'sql']);
    // A result cut to its first rows does not vouch for its row count.
    expect(
      ungroundedNumbers('There are 3 payment methods.', [{ ...methods, complete: false, sql: 'SELECT 1' }]),
    ).toEqual(['3']);
    expect(
      ungroundedNumbers('The first order was in 2026.', [
        shown('q4', 'SELECT min(d)', [{ d: '2026-01-03T00:00:00.000Z' }]),
      ]),
    ).toEqual([]);
  });

  it('reads an ISO date as one figure, grounded by a date cell or the query', () => {
    const first = shown('q6', 'SELECT min(ordered_at) AS first FROM orders', [{ first: '2026-01-03T08:15:00.000Z' }]);
    expect(traceNumbers('The first order was placed on 2026-01-03.', [first])).toEqual({ traces: [], ungrounded: [] });
    expect(ungroundedNumbers('The first order was placed on 2026-02-03 at 08:15.', [first])).toEqual([
      '2026-02-03',
      '08',
      '15',
    ]);
    const filtered = shown('q7', "SELECT count(*) AS n FROM orders WHERE ordered_at < '2026-06-01'", [{ n: 41 }]);
    expect(ungroundedNumbers('41 orders before 2026-06-01.', [filtered])).toEqual([]);
  });

  it('ignores list markers and numbers taken from the question', () => {
    expect(ungroundedNumbers('1. Revenue: 41\n2. Orders: 400', results)).toEqual([]);
    expect(ungroundedNumbers('Orders above 250 EUR: 41.', results, 'Which orders are above 250 EUR?')).toEqual([]);
  });

  it('a number from a row the model was not shown is not grounded', () => {
    // The shown result is the tool result's rows, not the rows the artifact kept.
    const firstRows = shown('q5', 'SELECT id, amount FROM orders', [{ id: 1, amount: 12 }], false);
    expect(ungroundedNumbers('The largest order was 999 EUR.', [firstRows])).toEqual(['999']);
  });

  it('tells quantitative questions', () => {
    expect(isQuantitativeQuestion('What is the total paid revenue?')).toBe(true);
    expect(isQuantitativeQuestion('How many orders?')).toBe(true);
    expect(isQuantitativeQuestion('Which tables hold customer data?')).toBe(false);
    expect(isQuantitativeQuestion('Which customer spent the most?')).toBe(false);
  });

  it('reads separators, decimals, scale words and percent signs', () => {
    expect(statedNumbers('1,234.5 and 3 k and 7% and -2')).toEqual([
      { text: '1,234.5', value: 1234.5, decimals: 1, scale: 1 },
      { text: '3', value: 3, decimals: 0, scale: 1000 },
      { text: '7', value: 7, decimals: 0, scale: 0.01 },
      { text: '-2', value: -2, decimals: 0, scale: 1 },
    ]);
  });
});
