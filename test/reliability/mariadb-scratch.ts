/**
 * A MariaDB scratch database and user of the reliability suite (prefix dt_h10_), so its connection counts and data
 * never mix with other test files: the user may touch only its own database.
 */
import { randomBytes } from 'node:crypto';
import type mysql from 'mysql2/promise';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { adminConnection, mariadbAddress } from '../helpers/mysql.js';

export interface MariadbScratch {
  database: string;
  user: string;
  password: string;
  credentials(extra?: Record<string, unknown>): CredentialsInput;
  /** Sessions of the scratch user in the processlist. */
  openConnections(): Promise<number>;
  admin(): mysql.Connection;
  drop(): Promise<void>;
}

const scratchTables = [
  `CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(200) NOT NULL UNIQUE, full_name VARCHAR(200),
     created_at DATETIME NOT NULL) COMMENT 'People who ordered'`,
  `CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL, total DECIMAL(12,2) NOT NULL,
     status VARCHAR(20) COMMENT 'open, paid or void', KEY orders_status (status),
     CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id))`,
  `CREATE TABLE order_items (order_id INT NOT NULL, line INT NOT NULL, sku VARCHAR(40) NOT NULL, qty INT NOT NULL,
     PRIMARY KEY (order_id, line), CONSTRAINT items_order FOREIGN KEY (order_id) REFERENCES orders (id))`,
  `CREATE TABLE payments (id INT PRIMARY KEY, order_id INT NOT NULL, amount DECIMAL(12,2) NOT NULL,
     CONSTRAINT payments_order FOREIGN KEY (order_id) REFERENCES orders (id))`,
  'CREATE VIEW order_totals AS SELECT customer_id, SUM(total) AS total FROM orders GROUP BY customer_id',
  ...Array.from(
    { length: 12 },
    (_, i) => `CREATE TABLE audit_${i} (id BIGINT PRIMARY KEY, note TEXT, at DATETIME, amount DOUBLE, ok BOOLEAN)`,
  ),
  "INSERT INTO customers VALUES (1, 'a@example.com', 'Ada', '2026-01-01 10:00:00'), (2, 'b@example.com', 'Bo', '2026-01-02 10:00:00')",
  "INSERT INTO orders VALUES (1, 1, 10.50, 'paid'), (2, 2, 20.00, 'open')",
  "INSERT INTO order_items VALUES (1, 1, 'sku-1', 2), (2, 1, 'sku-2', 1)",
  'INSERT INTO payments VALUES (1, 1, 10.50)',
];

export async function createMariadbScratch(
  tag: string,
  options: { extraStatements?: string[] } = {},
): Promise<MariadbScratch> {
  const suffix = randomBytes(3).toString('hex');
  const database = `dt_h10_${tag}_${suffix}`;
  const user = `dt_h10_${tag}_${suffix}`;
  const password = `pw-h10-${randomBytes(8).toString('hex')}`;
  const admin = await adminConnection();
  const literalUser = `'${user}'@'%'`;
  try {
    await admin.query(`CREATE DATABASE \`${database}\``);
    await admin.query(`CREATE USER ${literalUser} IDENTIFIED BY ?`, [password]);
    await admin.query(`GRANT ALL PRIVILEGES ON \`${database}\`.* TO ${literalUser}`);
    await admin.query(`USE \`${database}\``);
    for (const statement of [...scratchTables, ...(options.extraStatements ?? [])]) await admin.query(statement);
  } catch (error) {
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``).catch(() => undefined);
    await admin.query(`DROP USER IF EXISTS ${literalUser}`).catch(() => undefined);
    await admin.end();
    throw error;
  }
  return {
    database,
    user,
    password,
    credentials: (extra = {}) => ({
      type: 'mysql',
      ...mariadbAddress,
      user,
      password,
      database,
      applicationName: user,
      connectTimeoutMs: 2000,
      ...extra,
    }),
    admin: () => admin,
    openConnections: async () => {
      const [rows] = await admin.query<mysql.RowDataPacket[]>(
        'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = ?',
        [user],
      );
      return Number(rows[0]?.n ?? 0);
    },
    drop: async () => {
      try {
        // Kill leftovers first so DROP USER does not leave zombie sessions behind.
        const [rows] = await admin.query<mysql.RowDataPacket[]>(
          'SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?',
          [user],
        );
        for (const row of rows) await admin.query(`KILL ${Number(row.ID)}`).catch(() => undefined);
        await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
        await admin.query(`DROP USER IF EXISTS ${literalUser}`);
      } finally {
        await admin.end();
      }
    },
  };
}
