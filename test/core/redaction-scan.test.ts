/**
 * The one-pass search of a shaped tree's free text (src/core/redaction-scan.ts): a tree it returns as it is must
 * hold no text that redaction would change, whatever the texts next to each other hold.
 */
import { describe, expect, it } from 'vitest';
import { withCatalogRedactionShape } from '../../src/catalog/redaction-shape.js';
import { createRedactor, REDACTED } from '../../src/core/redact.js';
import { anyTextChanges } from '../../src/core/redaction-scan.js';

const secret = 'Hunter2-Sekr3t';
const multiLine = 'first-line-of-a-key\nsecond-line-of-a-key';
// Texts that redaction changes, texts that do not, and halves that only change when joined with a neighbour.
const pool = [
  'plain comment',
  "nextval('s.t_id_seq'::regclass)",
  `uses ${secret} inside`,
  'Hunter2-',
  'Sekr3t',
  'postgres://app:',
  'pw@db.example.com/x',
  'postgres://app:pw@db.example.com/x',
  'https://example.com/?a=1&b=2',
  '?token=',
  'abc123',
  "SELECT * FROM dblink('host=h user=u password=pw', 'SELECT 1')",
  'first-line-of-a-key',
  'second-line-of-a-key',
  'line one\nline two',
  'abc',
  '',
];

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomCatalog(seed: number) {
  const next = random(seed);
  const text = () => pool[Math.floor(next() * pool.length)]!;
  const maybe = <T>(make: () => T): T | undefined => (next() < 0.4 ? make() : undefined);
  const tables = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, t) => ({
    name: `t${t}`,
    kind: 'table' as const,
    comment: maybe(text),
    columns: Array.from({ length: 1 + Math.floor(next() * 4) }, (_, c) => ({
      name: `c${c}`,
      ordinal: c + 1,
      nativeType: 'text',
      type: 'text' as const,
      nullable: true,
      default: maybe(text),
      comment: maybe(text),
      stats: maybe(() => ({ source: 'sample' as const, min: text(), sampleValues: [text(), text()] })),
    })),
    foreignKeys: [],
    uniqueConstraints: [],
    indexes: [{ name: 'i', columns: ['c0'], unique: false, definition: maybe(text) }],
  }));
  return withCatalogRedactionShape({
    formatVersion: 1 as const,
    engine: 'postgres' as const,
    introspectedAt: '2026-12-04T00:00:00.000Z',
    warnings: [],
    databases: [{ name: 'db', schemas: [{ name: 'public', comment: maybe(text), tables }] }],
  });
}

/** Every string of the tree but the identifier-like fields the catalog's shape skips. */
function freeText(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) freeText(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (!['name', 'nativeType', 'type', 'kind', 'engine', 'introspectedAt'].includes(key)) {
        freeText(inner, out);
      }
    }
  }
  return out;
}

describe('one-pass search of a catalog', () => {
  it('returns a catalog unchanged only when none of its texts would change, over 1,000 random catalogs', () => {
    const redactor = createRedactor([secret, multiLine]);
    let unchanged = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const catalog = randomCatalog(seed);
      const redacted = redactor.redact(catalog);
      const texts = freeText(catalog);
      const changes = texts.some((text) => redactor.redactText(text) !== text);
      if (redacted === catalog) unchanged++;
      expect({ seed, copied: redacted !== catalog }).toEqual({ seed, copied: changes });
      // Whatever path it took, every text is masked as it would be alone.
      expect(freeText(redacted)).toEqual(texts.map((text) => redactor.redactText(text)));
    }
    // Both outcomes occur, or the property above proves nothing.
    expect(unchanged).toBeGreaterThan(50);
    expect(unchanged).toBeLessThan(950);
  });

  it('does not take two neighbouring halves of a secret or a URL for one', () => {
    const redactor = createRedactor([secret]);
    const catalog = randomCatalog(1);
    const schema = catalog.databases[0]!.schemas[0]!;
    delete schema.comment;
    for (const table of schema.tables) {
      Object.assign(table, { comment: 'plain' });
      for (const index of table.indexes) delete index.definition;
      for (const column of table.columns) {
        delete column.stats;
        Object.assign(column, { default: 'plain', comment: 'plain' });
      }
    }
    const [first] = schema.tables;
    Object.assign(first!.columns[0]!, { default: 'Hunter2-', comment: 'Sekr3t' });
    Object.assign(first!, { comment: 'postgres://app:' });
    first!.indexes[0]!.definition = 'pw@db.example.com/x';
    expect(redactor.redact(catalog)).toBe(catalog);
    first!.indexes[0]!.definition = 'postgres://app:pw@db.example.com/x';
    expect(freeText(redactor.redact(catalog))).toContain(`postgres://app:${REDACTED}@db.example.com/x`);
  });

  it('still masks a value under a secret-named key, and walks a class instance in full', () => {
    const redactor = createRedactor([secret]);
    const catalog = randomCatalog(2);
    const column = catalog.databases[0]!.schemas[0]!.tables[0]!.columns[0]! as unknown as Record<string, unknown>;
    column.stats = { source: 'sample', password: 'not-in-any-list' };
    const redacted = redactor.redact(catalog);
    const first = redacted.databases[0]!.schemas[0]!.tables[0]!.columns[0]! as unknown as Record<string, unknown>;
    expect(first.stats).toEqual({ source: 'sample', password: REDACTED });

    class Note {
      constructor(readonly text: string) {}
    }
    column.stats = { source: 'sample', note: new Note(`about ${secret}`) };
    const walked = redactor.redact(catalog);
    const note = (walked.databases[0]!.schemas[0]!.tables[0]!.columns[0]! as unknown as Record<string, unknown>)
      .stats as { note: { text: string } };
    expect(note.note.text).toBe(`about ${REDACTED}`);
  });

  it('searches the texts in batches, to the last one', () => {
    const redactor = createRedactor([secret]);
    const texts = ['plain', 'Hunter2-', 'Sekr3t', 'also plain', `a ${secret}`];
    expect(anyTextChanges(texts, redactor.redactText, 2)).toBe(true);
    expect(anyTextChanges(texts.slice(0, 4), redactor.redactText, 2)).toBe(false);
    expect(anyTextChanges([], redactor.redactText)).toBe(false);
  });
});
