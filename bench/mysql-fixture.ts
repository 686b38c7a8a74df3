import mysql from 'mysql2/promise';

export const mysqlAdmin = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const marker = 'datatasks bench fixture v1';
const types = [
  'INT',
  'VARCHAR(120)',
  'DECIMAL(12,2)',
  'DATETIME',
  'TINYINT(1)',
  'JSON',
  'DATE',
  'DOUBLE',
  'SMALLINT',
  'TEXT',
  "ENUM('new','active','closed')",
  'BIGINT',
];

/** The MariaDB equivalent of the shared PostgreSQL generator: `schemas` databases x 250 tables, 25 views each. */
export async function ensureMysqlBenchSchemas(schemas: number): Promise<string[]> {
  const names = Array.from({ length: schemas }, (_, i) => `dtb${schemas}_s${String(i + 1).padStart(2, '0')}`);
  const connection = await mysql.createConnection({ ...mysqlAdmin, multipleStatements: true });
  try {
    await connection.query('CREATE DATABASE IF NOT EXISTS datatasks_bench_meta');
    await connection.query(
      'CREATE TABLE IF NOT EXISTS datatasks_bench_meta.fixtures (name VARCHAR(64) PRIMARY KEY, note VARCHAR(100))',
    );
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      'SELECT note FROM datatasks_bench_meta.fixtures WHERE name = ?',
      [`mysql_${schemas}`],
    );
    if (rows[0]?.note === marker) return names;
    console.error(`building ${schemas} MariaDB databases x 250 tables ...`);
    await connection.query('SET foreign_key_checks = 0');
    for (const [s, db] of names.entries()) {
      await connection.query(`DROP DATABASE IF EXISTS ${db}; CREATE DATABASE ${db}`);
      const statements: string[] = [];
      for (let t = 1; t <= 250; t++) {
        const table = `t${String(t).padStart(3, '0')}`;
        const columns = ['id BIGINT AUTO_INCREMENT PRIMARY KEY'];
        const ncols = 8 + (t % 5);
        for (let c = 1; c < ncols; c++) {
          const comment = t % 3 === 0 && c === 1 ? ` COMMENT 'column ${c} of ${table}'` : '';
          columns.push(`c${c} ${types[(t + c + s) % types.length]}${c % 2 ? ' NULL' : ' NOT NULL'}${comment}`);
        }
        if (t > 1 && t % 3 !== 0)
          columns.push(
            'parent_id BIGINT NULL',
            `CONSTRAINT fk_${table}_parent FOREIGN KEY (parent_id) REFERENCES t${String(t - 1).padStart(3, '0')} (id)`,
          );
        if (t % 5 === 0) columns.push(`CONSTRAINT uq_${table} UNIQUE (c2)`);
        if (t % 4 === 0) columns.push(`INDEX ix_${table}_c1 (c1)`);
        const comment = t % 2 === 0 ? ` COMMENT='synthetic table ${t}'` : '';
        statements.push(`CREATE TABLE ${db}.${table} (${columns.join(', ')}) ENGINE=InnoDB${comment}`);
      }
      for (let v = 1; v <= 25; v++) {
        statements.push(
          `CREATE VIEW ${db}.v${String(v).padStart(3, '0')} AS SELECT id, c1, c2 FROM ${db}.t${String(v * 10).padStart(3, '0')}`,
        );
      }
      // Batched: one round trip per 50 statements keeps the build to a minute or two.
      for (let i = 0; i < statements.length; i += 50) await connection.query(statements.slice(i, i + 50).join(';\n'));
    }
    await connection.query('REPLACE INTO datatasks_bench_meta.fixtures VALUES (?, ?)', [`mysql_${schemas}`, marker]);
    return names;
  } finally {
    await connection.end();
  }
}

/** The single-query floor: every column of every table and view of the bench databases. */
export function mysqlFloorSql(prefix: string): string {
  return `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_COMMENT
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA LIKE '${prefix}%' ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`;
}
