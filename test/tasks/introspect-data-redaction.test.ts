/**
 * Redaction of the introspection output: a catalog is redacted by its shape (identifiers skipped), so every field
 * that can hold free text must still come out masked, on the real path (runIntrospection against PostgreSQL).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCatalogRedactionShape } from '../../src/catalog/redaction-shape.js';
import { createRedactor, REDACTED } from '../../src/core/redact.js';
import { runIntrospection } from '../../src/run-introspection.js';
import { adminExec, createTestDatabase, sharedServer, type TestDatabase } from '../helpers/pg.js';

// Trust authentication ignores the password, so the secret can be given and planted in the catalog.
const secret = `pw-${randomBytes(6).toString('hex')}-Sekr3t`;
const urlSecret = `url-${randomBytes(6).toString('hex')}`;
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase(sharedServer, 'pg_redact');
  await adminExec(sharedServer, database.name, [
    `CREATE TYPE mood AS ENUM ('ok', '${secret}')`,
    `CREATE TABLE vault (id int, note text DEFAULT '${secret}', mood mood,
       CONSTRAINT no_leak CHECK (note <> '${secret}x'))`,
    `COMMENT ON TABLE vault IS 'connect with postgres://admin:${urlSecret}@db.internal/prod'`,
    `COMMENT ON COLUMN vault.note IS 'the password is ${secret}'`,
    `CREATE VIEW leaky AS SELECT id FROM vault WHERE note = '${secret}'`,
    `CREATE INDEX vault_note_idx ON vault (id) WHERE note <> '${secret}'`,
    `CREATE TABLE parted (region text) PARTITION BY LIST (region)`,
    `CREATE TABLE parted_secret PARTITION OF parted FOR VALUES IN ('${secret}')`,
    `INSERT INTO vault SELECT g, '${secret}', 'ok' FROM generate_series(1, 50) g`,
    'ANALYZE vault',
  ]);
});

afterAll(async () => {
  await database?.drop();
});

describe('introspection output redaction', () => {
  it('masks the secret in every free-text part of the catalog', async () => {
    const output = await runIntrospection(
      { type: 'postgres', host: '127.0.0.1', port: 5432, user: 'postgres', password: secret, database: database.name },
      { throwOnError: true, columnStats: true },
    );
    const text = JSON.stringify(output);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(urlSecret);
    const tables = output.catalog!.databases[0]!.schemas.find((s) => s.name === 'public')!.tables;
    const vault = tables.find((t) => t.name === 'vault')!;
    const note = vault.columns.find((c) => c.name === 'note')!;
    expect(vault.comment).toContain(REDACTED);
    expect(note.comment).toContain(REDACTED);
    expect(note.default).toContain(REDACTED);
    expect(note.stats!.sampleValues).toEqual([REDACTED]);
    expect(note.stats!.min).toBe(REDACTED);
    expect(vault.checkConstraints![0]!.expression).toContain(REDACTED);
    expect(vault.indexes.find((i) => i.name === 'vault_note_idx')!.definition).toContain(REDACTED);
    expect(tables.find((t) => t.name === 'leaky')!.viewDefinition).toContain(REDACTED);
    expect(tables.find((t) => t.name === 'parted')!.partitioning!.partitionBounds![0]!.bound).toContain(REDACTED);
    const mood = output.catalog!.databases[0]!.schemas.find((s) => s.name === 'public')!.enums![0]!;
    expect(mood.labels).toEqual(['ok', REDACTED]);
  });

  it('skips only identifier keys: any other field, also one the model does not know yet, is masked', () => {
    const redactor = createRedactor([secret]);
    const catalog = withCatalogRedactionShape({
      formatVersion: 1 as const,
      engine: 'postgres' as const,
      introspectedAt: '2026-12-02T00:00:00.000Z',
      warnings: [{ code: 'X', message: `failed with ${secret}` }],
      databases: [
        {
          name: 'db',
          schemas: [
            {
              name: 'public',
              tables: [
                {
                  name: secret,
                  kind: 'table' as const,
                  columns: [
                    {
                      name: 'c',
                      ordinal: 1,
                      nativeType: 'text',
                      type: 'text' as const,
                      nullable: true,
                      fieldValues: [secret],
                    } as never,
                  ],
                  foreignKeys: [],
                  uniqueConstraints: [],
                  indexes: [],
                  futureNote: secret,
                },
              ],
            },
          ],
        },
      ],
    });
    const redacted = redactor.redact(catalog);
    const table = redacted.databases[0]!.schemas[0]!.tables[0]! as unknown as Record<string, unknown>;
    // A table name is an identifier: it is not searched (documented in src/catalog/redaction-shape.ts).
    expect(table.name).toBe(secret);
    expect(table.futureNote).toBe(REDACTED);
    expect((table.columns as Array<Record<string, unknown>>)[0]!.fieldValues).toEqual([REDACTED]);
    expect(redacted.warnings[0]!.message).toBe(`failed with ${REDACTED}`);
    // Copy on write: the input is unchanged.
    expect(catalog.warnings[0]!.message).toContain(secret);
  });
});
