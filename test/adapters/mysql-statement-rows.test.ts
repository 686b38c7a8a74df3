/**
 * `runStatement`'s `onRow`, on the real server: every row reaches it as it arrives and none is kept; a mapper that
 * throws fails the statement with its error, and the connection, whose rest of the result is drained, stays usable.
 */
import * as mysql from 'mysql2';
import { afterAll, describe, expect, it } from 'vitest';
import { MysqlConnections } from '../../src/adapters/mysql/connection.js';
import { runStatement } from '../../src/adapters/mysql/statement.js';
import { createRedactor } from '../../src/core/redact.js';

const connections = new MysqlConnections(
  mysql,
  { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test', connectionLimit: 1 },
  createRedactor(),
  () => {},
);
const redactor = createRedactor();
// 1..2000 without a table (MariaDB's sequence engine).
const sequence = 'SELECT seq AS n FROM seq_1_to_2000';

afterAll(() => connections.close());

describe('MySQL statements read row by row', () => {
  it('hands every row to onRow and keeps none', async () => {
    const seen: number[] = [];
    const outcome = await connections.withConnection(undefined, (lease) =>
      runStatement(connections, lease, redactor, sequence, undefined, { onRow: (row) => seen.push(Number(row.n)) }),
    );
    expect(outcome.rows).toEqual([]);
    expect(seen).toHaveLength(2000);
    expect(seen.slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('fails the statement when onRow throws, and the connection still runs the next one', async () => {
    let calls = 0;
    await connections.withConnection(undefined, async (lease) => {
      const failed = await runStatement(connections, lease, redactor, sequence, undefined, {
        onRow: () => {
          calls++;
          if (calls === 3) throw new Error('mapper broke on row 3');
        },
      }).then(
        () => undefined,
        (error: unknown) => error as Error,
      );
      expect(failed?.message).toContain('mapper broke on row 3');
      // Rows after the failure are drained, not mapped.
      expect(calls).toBe(3);
      const next = await runStatement(connections, lease, redactor, 'SELECT 41 + 1 AS answer', undefined);
      expect(next.rows).toEqual([{ answer: 42 }]);
    });
  });
});
