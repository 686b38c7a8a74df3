/**
 * runMappedQuery, the row-by-row read the PostgreSQL catalog's biggest queries use: every row mapped as it arrives,
 * a throwing map or a server error failing the statement once, and the connection usable afterwards.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMappedQuery } from '../../src/adapters/pg-wire/statement.js';

let client: pg.Client;

beforeEach(async () => {
  client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
  await client.connect();
});

afterEach(async () => {
  await client.end();
});

describe('runMappedQuery', () => {
  it('maps every row, in order, with parameters', async () => {
    const mapped = await runMappedQuery(
      pg.Query,
      client,
      'SELECT g AS n, $1::text AS tag FROM generate_series(1, 2000) g',
      ['t'],
      (row) => `${row.tag}${Number(row.n) * 2}`,
    );
    expect(mapped).toHaveLength(2000);
    expect(mapped.slice(0, 3)).toEqual(['t2', 't4', 't6']);
    expect(mapped.at(-1)).toBe('t4000');
  });

  it('leaves out rows mapped to undefined (a map that files each row elsewhere)', async () => {
    const filed: number[] = [];
    const mapped = await runMappedQuery(pg.Query, client, 'SELECT g AS n FROM generate_series(1, 6) g', [], (row) => {
      filed.push(Number(row.n));
      return Number(row.n) % 3 === 0 ? Number(row.n) : undefined;
    });
    expect(mapped).toEqual([3, 6]);
    expect(filed).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('fails with the error a map throws, maps nothing after it, and leaves the connection usable', async () => {
    const seen: number[] = [];
    const failure = runMappedQuery(pg.Query, client, 'SELECT g AS n FROM generate_series(1, 10) g', [], (row) => {
      seen.push(Number(row.n));
      if (row.n === 3) throw new Error('bad row 3');
      return row.n;
    });
    await expect(failure).rejects.toThrow('bad row 3');
    expect(seen).toEqual([1, 2, 3]);
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('rejects once with the server error, and the connection stays usable', async () => {
    const failure = runMappedQuery(pg.Query, client, 'SELECT * FROM no_such_table_here', [], (row) => row);
    await expect(failure).rejects.toMatchObject({ code: '42P01' });
    expect((await client.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  });

  it('rejects when the connection is lost mid-statement', async () => {
    const other = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
    await other.connect();
    try {
      const pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      client.on('error', () => undefined);
      const running = runMappedQuery(pg.Query, client, 'SELECT pg_sleep(30)', [], (row) => row);
      // Handled from the start: on a loaded machine the statement can fail before pg_terminate_backend's own answer
      // arrives, and a rejection without a handler by then is reported as unhandled.
      const rejected = expect(running).rejects.toThrow();
      // Ended from outside, as a server restart or a cut network would.
      while (
        (await other.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event = $2', [pid, 'PgSleep']))
          .rowCount === 0
      );
      await other.query('SELECT pg_terminate_backend($1)', [pid]);
      await rejected;
    } finally {
      await other.end();
    }
  });
});
