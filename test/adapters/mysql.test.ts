/** MySQL adapter behaviour beyond the shared contract, against the local MariaDB. */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { DatataskError, ErrorCode } from '../../src/core/errors.js';
import { createMysqlTestEnv, mariadbAddress } from '../helpers/mysql.js';

const env = createMysqlTestEnv('focus');
const wideSchema = `dt_h3_wide_${process.pid}`;
const wideTables = 200;

async function withAdapter<T>(credentials: CredentialsInput, body: (adapter: Adapter) => Promise<T>): Promise<T> {
  const adapter = await createAdapter(credentials);
  try {
    return await body(adapter);
  } finally {
    await adapter.close();
  }
}

async function rejection(promise: Promise<unknown>): Promise<DatataskError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DatataskError);
  return error as DatataskError;
}

/** 200 tables, each with an auto-increment key, a generated column, a comment, an index and a foreign key. */
async function createWideSchema(): Promise<void> {
  const admin = await mysql.createConnection({ ...mariadbAddress, user: 'root', multipleStatements: true });
  try {
    const statements = [`DROP DATABASE IF EXISTS \`${wideSchema}\``, `CREATE DATABASE \`${wideSchema}\``];
    for (let i = 0; i < wideTables; i++) {
      const fk =
        i > 0 ? `, CONSTRAINT t${i}_ref_fkey FOREIGN KEY (ref) REFERENCES t${i - 1} (id) ON DELETE CASCADE` : '';
      statements.push(
        `CREATE TABLE \`${wideSchema}\`.t${i} (id INT AUTO_INCREMENT PRIMARY KEY, ref INT, name VARCHAR(50) COMMENT 'name ${i}', doubled INT AS (id * 2) VIRTUAL, INDEX t${i}_name_idx (name)${fk}) COMMENT='table ${i}'`,
      );
    }
    await admin.query(statements.join(';\n'));
  } finally {
    await admin.end();
  }
}

beforeAll(async () => {
  await env.setup({ fixture: true });
  await createWideSchema();
}, 600_000);

afterAll(async () => {
  await env.admin().query(`DROP DATABASE IF EXISTS \`${wideSchema}\``);
  await env.teardown();
});

describe('mysql adapter: introspection', () => {
  it('sends the same number of statements for the small fixture and for 200 tables', async () => {
    const small = await withAdapter(env.credentials(), async (adapter) => {
      const catalog = await adapter.introspect({ schemas: { include: ['shop', 'billing'] } });
      return { catalog, statements: adapter.queryCount };
    });
    const wide = await withAdapter(env.credentials(), async (adapter) => {
      const catalog = await adapter.introspect({ schemas: { include: [wideSchema] } });
      return { catalog, statements: adapter.queryCount };
    });
    expect(small.catalog.databases[0]!.schemas.flatMap((s) => s.tables)).toHaveLength(7);
    const tables = wide.catalog.databases[0]!.schemas[0]!.tables;
    expect(tables).toHaveLength(wideTables);
    // Every table got its parts from the shared statements, not from per-table ones that might have been skipped.
    for (const table of tables) {
      expect(table.primaryKey?.columns).toEqual(['id']);
      expect(table.indexes.map((index) => index.name)).toContain(`${table.name}_name_idx`);
      expect(table.comment).toBe(`table ${table.name.slice(1)}`);
    }
    expect(wide.statements).toBe(small.statements);
    // schemata, two tables reads (without sizes, and in full where InnoDB's statistics do not cover a table),
    // columns, views, partitions, two index reads (InnoDB untyped, other engines typed), five InnoDB dictionary reads
    // (table statistics, foreign keys and their columns, non-B-tree indexes, long UNIQUE keys), and the version.
    expect(small.statements).toBeLessThanOrEqual(14);
  });

  it("reads on at most the pool's four sessions, each taken again by the next read once released", async () => {
    // The real driver, counting the connections its pool opens (each one a handshake with the server).
    const real = await import('mysql2');
    let opened = 0;
    const driver = {
      ...real,
      createPool: (options: object) => {
        const pool = real.createPool(options);
        pool.on('connection', () => opened++);
        return pool;
      },
    };
    const adapter = await createAdapter(env.credentials(), { driver });
    try {
      const catalog = await adapter.introspect({ schemas: { include: ['shop', 'billing', wideSchema] } });
      expect(catalog.databases[0]!.schemas.flatMap((s) => s.tables).length).toBeGreaterThan(wideTables);
      // A session opened per read (closed after it) made seven connections here.
      expect(opened).toBeGreaterThan(1);
      expect(opened).toBeLessThanOrEqual(4);
    } finally {
      await adapter.close();
    }
    await vi.waitFor(async () => expect(await env.openConnections()).toBe(0), { timeout: 10_000, interval: 100 });
  });

  it('asks the server its version once: the connection test answers for the introspection after it', async () => {
    const schemas = { include: ['shop'] };
    const alone = await withAdapter(env.credentials(), async (adapter) => {
      await adapter.introspect({ schemas });
      return adapter.queryCount;
    });
    const afterTest = await withAdapter(env.credentials(), async (adapter) => {
      await adapter.testConnection();
      const tested = adapter.queryCount;
      await adapter.introspect({ schemas });
      return adapter.queryCount - tested;
    });
    // Introspection alone asks SELECT VERSION() itself; after a connection test it does not.
    expect(afterTest).toBe(alone - 1);
  });

  it('reports auto-increment, generated columns, comments and foreign key rules', async () => {
    const catalog = await withAdapter(env.credentials(), (adapter) =>
      adapter.introspect({ schemas: { include: [wideSchema] }, tables: { include: ['t1'] } }),
    );
    const table = catalog.databases[0]!.schemas[0]!.tables[0]!;
    expect(table.name).toBe('t1');
    const column = (name: string) => table.columns.find((c) => c.name === name)!;
    expect(column('id').isIdentity).toBe(true);
    expect(column('doubled').isGenerated).toBe(true);
    expect(column('name').comment).toBe('name 1');
    expect(table.foreignKeys).toEqual([
      expect.objectContaining({ name: 't1_ref_fkey', referencedTable: 't0', onDelete: 'CASCADE', columns: ['ref'] }),
    ]);
  });

  it('describes partitions, row estimates and sizes of the fixture', async () => {
    const catalog = await withAdapter(env.credentials(), (adapter) =>
      adapter.introspect({ schemas: { include: ['billing'] } }),
    );
    const tables = catalog.databases[0]!.schemas[0]!.tables;
    const events = tables.find((t) => t.name === 'payment_events')!;
    expect(events.kind).toBe('partitioned');
    expect(events.partitioning).toEqual({
      strategy: 'range',
      columns: ['received_at'],
      partitions: ['payment_events_2026_01', 'payment_events_2026_02'],
    });
    const payments = tables.find((t) => t.name === 'payments')!;
    expect(payments.rowCountEstimate).toBe(5);
    expect(payments.sizeBytes).toBeGreaterThan(0);
  });

  it('samples column statistics when asked', async () => {
    const catalog = await withAdapter(env.credentials(), (adapter) =>
      adapter.introspect({ tables: { include: ['shop.customers'] }, columnStats: { sampleValues: 2 } }),
    );
    const shop = catalog.databases[0]!.schemas.find((s) => s.name === 'shop')!;
    expect(shop.tables.map((t) => t.name)).toEqual(['customers']);
    const customers = shop.tables[0]!;
    const email = customers.columns.find((c) => c.name === 'email')!;
    expect(email.stats).toEqual({
      source: 'sample',
      nullFraction: 0,
      distinctCount: 5,
      min: 'email_1',
      max: 'email_5',
      sampleValues: ['email_1', 'email_2'],
    });
    const id = customers.columns.find((c) => c.name === 'id')!;
    expect(id.stats).toMatchObject({ min: '1', max: '5', distinctCount: 5 });
  });

  it('gives the restricted user the readable databases and a PERMISSION_DENIED warning for vault', async () => {
    const catalog = await withAdapter(env.restrictedCredentials(), (adapter) => adapter.introspect());
    const schemas = catalog.databases[0]!.schemas.map((s) => s.name);
    expect(schemas).toEqual(expect.arrayContaining(['shop', 'billing']));
    expect(schemas).not.toContain('vault');
    expect(catalog.warnings).toContainEqual(expect.objectContaining({ code: 'PERMISSION_DENIED', scope: 'def.vault' }));
  });

  it('names the catalog database after the connected database', async () => {
    const catalog = await withAdapter(env.credentials({ database: 'shop' }), (adapter) =>
      adapter.introspect({ schemas: { include: ['shop'] } }),
    );
    expect(catalog.databases.map((d) => d.name)).toEqual(['shop']);
    const none = await withAdapter(env.credentials({ database: 'shop' }), (adapter) =>
      adapter.introspect({ databases: { exclude: ['shop'] } }),
    );
    expect(none.databases).toEqual([]);
  });
});

describe('mysql adapter: queries', () => {
  it('binds named parameters through the driver', async () => {
    const result = await withAdapter(env.credentials(), (adapter) =>
      adapter.query('SELECT email FROM shop.customers WHERE id = :id OR email = :email ORDER BY id', {
        id: 1,
        email: "email_2' OR '1'='1",
      }),
    );
    expect(result.rows).toEqual([{ email: 'email_1' }]);
    expect(result.columns).toEqual([{ name: 'email', type: 'VARCHAR' }]);
  });

  it('refuses writes in a read-only query and leaves no transaction behind on the pooled session', async () => {
    await withAdapter(env.credentials(), async (adapter) => {
      const error = await rejection(
        adapter.query("UPDATE shop.products SET name = 'x' WHERE id = 1", undefined, { readOnly: true }),
      );
      expect(error.code).toBe(ErrorCode.READ_ONLY_VIOLATION);
      await adapter.query('SELECT 1', undefined, { readOnly: true });
      // Same pool: a write outside read-only mode now succeeds and is visible elsewhere (no transaction left open).
      await adapter.query("UPDATE shop.products SET name = 'renamed' WHERE id = 1");
    });
    const [rows] = await env.admin().query<mysql.RowDataPacket[]>('SELECT name FROM shop.products WHERE id = 1');
    expect(rows[0]?.name).toBe('renamed');
    await env.admin().query("UPDATE shop.products SET name = 'name_1' WHERE id = 1");
  });

  it('stops the statement on the server once the row cap is reached', async () => {
    await withAdapter(env.credentials(), async (adapter) => {
      const result = await adapter.query(
        'SELECT a.seq FROM shop.seq_1_to_100000 a, shop.seq_1_to_100000 b',
        undefined,
        {
          maxRows: 10,
          timeoutMs: 120_000,
        },
      );
      expect(result.rows).toHaveLength(10);
      expect(result.truncated).toBe(true);
      await vi.waitFor(async () => expect(await env.runningStatements()).toBe(0), { timeout: 10_000, interval: 100 });
    });
  });

  it('kills a running statement on close, then leaves nothing open', async () => {
    const adapter = await createAdapter(env.credentials());
    await adapter.testConnection();
    const running = adapter.query('SELECT SLEEP(60) AS slept', undefined, { timeoutMs: 120_000 });
    // Handled from the start: it fails during close(), before the check below looks at it.
    running.catch(() => undefined);
    // Close once the statement is surely on the server.
    await vi.waitFor(async () => expect(await env.runningStatements()).toBe(1), { timeout: 10_000, interval: 50 });
    await adapter.close();
    const error = await rejection(running);
    expect(error.code).toBe(ErrorCode.ABORTED);
    await vi.waitFor(async () => expect(await env.openConnections()).toBe(0), { timeout: 10_000, interval: 100 });
  });

  it('returns big integers as exact text and dates as text', async () => {
    const result = await withAdapter(env.credentials(), (adapter) =>
      adapter.query("SELECT CAST(9007199254740993 AS UNSIGNED) AS big, 42 AS small, DATE('2026-01-05') AS day"),
    );
    expect(result.rows[0]).toEqual({ big: '9007199254740993', small: 42, day: '2026-01-05' });
  });
});

describe('mysql adapter: connection errors keep secrets out', () => {
  it('does not echo a URL password on AUTH_FAILED', async () => {
    const secret = 'Url-Secret-pw-9931';
    const error = await rejection(
      withAdapter({ type: 'mysql', url: `mysql://${env.user}:${secret}@127.0.0.1:3306/` }, (adapter) =>
        adapter.testConnection(),
      ),
    );
    expect(error.code).toBe(ErrorCode.AUTH_FAILED);
    expect(JSON.stringify(error.toJSON())).not.toContain(secret);
    expect(error.message).not.toContain(secret);
  });

  it('connects with the URL form and its database', async () => {
    const url = `mysql://${env.user}:${encodeURIComponent(env.password)}@127.0.0.1:3306/billing`;
    const result = await withAdapter({ type: 'mysql', url }, (adapter) => adapter.query('SELECT DATABASE() AS db'));
    expect(result.rows).toEqual([{ db: 'billing' }]);
  });
});
