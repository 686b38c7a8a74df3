import { describe, expect, it } from 'vitest';
import { statedNumbers, ungroundedNumbers } from '../../src/tasks/analyst-agent/grounding.js';

describe('numeric grounding of an answer', () => {
  const results = [143221.4, 400, 0.125, 1234567, 41];

  it('accepts numbers that round to a result at the precision they were written with', () => {
    expect(ungroundedNumbers('Revenue was 143,221.40 EUR over 400 orders.', results)).toEqual([]);
    expect(ungroundedNumbers('About 1.2 million visits; 12.5% of orders; 143221 EUR.', results)).toEqual([]);
  });

  it('reports numbers no result accounts for', () => {
    expect(ungroundedNumbers('Revenue was 987,654.32 EUR and 401 orders.', results)).toEqual(['987,654.32', '401']);
    expect(ungroundedNumbers('Roughly 2 million visits.', results)).toEqual(['2']);
  });

  it('ignores small counts, years and numbers taken from the question', () => {
    expect(ungroundedNumbers('The top 3 customers in 2026 ...', results)).toEqual([]);
    expect(ungroundedNumbers('Orders above 250 EUR: 41.', results, 'Which orders are above 250 EUR?')).toEqual([]);
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
