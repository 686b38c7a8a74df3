import { Kysely, MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';
import mysql from 'mysql2/promise';
import { createAdapter } from '../src/adapters/create-adapter.js';
import { type Measurement, measure } from './measure.js';
import { ensureMysqlBenchSchemas, mysqlAdmin, mysqlFloorSql } from './mysql-fixture.js';

export async function benchMysqlIntrospection(schemas: number, runs: number): Promise<Measurement[]> {
  const names = await ensureMysqlBenchSchemas(schemas);
  const prefix = `dtb${schemas}_`;
  const results: Measurement[] = [];
  results.push(
    await measure('one batched information_schema.COLUMNS query (floor, columns only)', runs, async () => {
      const connection = await mysql.createConnection(mysqlAdmin);
      try {
        await connection.query(mysqlFloorSql(prefix));
      } finally {
        await connection.end();
      }
      return { statements: 1 };
    }),
  );
  results.push(
    await measure('datatasks adapter.introspect (full metadata)', runs, async () => {
      const adapter = await createAdapter({ type: 'mysql', ...mysqlAdmin, database: names[0] });
      try {
        const catalog = await adapter.introspect({ schemas: { include: [`${prefix}*`] } });
        const found = catalog.databases.flatMap((d) => d.schemas).length;
        if (found !== names.length) throw new Error(`incomplete catalog: ${found} schemas`);
        return { statements: adapter.queryCount };
      } finally {
        await adapter.close();
      }
    }),
  );
  results.push(
    await measure('kysely introspection.getTables (columns only, one database)', runs, async () => {
      // Kysely's MySQL introspector reads the connected database only: it is given the first one.
      const db = new Kysely({
        dialect: new MysqlDialect({ pool: createPool({ ...mysqlAdmin, database: names[0], connectionLimit: 1 }) }),
      });
      try {
        await db.introspection.getTables();
      } finally {
        await db.destroy();
      }
    }),
  );
  return results;
}
