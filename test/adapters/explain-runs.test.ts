import { describe, expect, it } from 'vitest';
import { explainRuns } from '../../src/adapters/kernel/explain-runs.js';

describe('explainRuns', () => {
  it.each([
    'EXPLAIN SELECT 1',
    'explain select analyze_me from t',
    '  -- a note\n EXPLAIN /* plan */ SELECT 1',
    'EXPLAIN (FORMAT json) SELECT 1',
    'EXPLAIN /* a /* nested */ comment */ INSERT INTO t VALUES (1)',
  ])('a plan: %s', (sql) => {
    expect(explainRuns(sql)).toBe(false);
  });

  it.each([
    'EXPLAIN ANALYZE INSERT INTO t VALUES (1)',
    'EXPLAIN ANALYSE SELECT 1',
    'explain /* x */ analyze select 1',
    'EXPLAIN --\nANALYZE SELECT 1',
    'EXPLAIN (ANALYZE false) INSERT INTO t VALUES (1)',
    'EXPLAIN (FORMAT json, analyze) SELECT 1',
    'EXPLAIN (FORMAT /* ) */ json) ANALYZE SELECT 1',
    'EXPLAIN /* unterminated ANALYZE SELECT 1',
    'EXPLAIN (FORMAT json SELECT 1',
    'SELECT 1',
  ])('runs, or cannot be told apart: %s', (sql) => {
    expect(explainRuns(sql)).toBe(true);
  });
});
