import { describe, expect, it } from 'vitest';
import { DatataskError } from '../../src/core/errors.js';
import { checkReadOnlySql, loadSqlParser } from '../../src/sql/index.js';

describe('loading the SQL parser', () => {
  it('fails closed before loadSqlParser() and works after it', async () => {
    let thrown: unknown;
    try {
      checkReadOnlySql('SELECT 1', 'postgres');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DatataskError);
    expect((thrown as DatataskError).message).toMatch(/await loadSqlParser\(\)/);

    const [first, second] = await Promise.all([loadSqlParser(), loadSqlParser()]);
    expect(first).toBe(second);
    expect(checkReadOnlySql('SELECT 1', 'postgres').ok).toBe(true);
  });

  it('uses an injected parser', async () => {
    const calls: string[] = [];
    const fake = {
      init: async () => undefined,
      parseWithComments: (sql: string, dialect: string) => {
        calls.push(`${dialect}:${sql}`);
        return { statements: [{ Delete: {} }], comments: [] };
      },
      format: (sql: string) => sql,
    };
    const parser = await loadSqlParser(fake);
    const check = checkReadOnlySql('anything', 'mysql', { parser });
    expect(check).toMatchObject({ ok: false, code: 'READ_ONLY_VIOLATION' });
    expect(calls).toEqual(['mysql:anything']);
  });
});
