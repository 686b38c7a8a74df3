/** The kernel's map by relation, whose lookups remember the schema looked up last. */
import { describe, expect, it } from 'vitest';
import { RelationMap } from '../../src/adapters/kernel/relation-map.js';

const key = (database: string, schema: string, table: string) => ({ database, schema, table });

describe('RelationMap', () => {
  it('finds what was set, across databases and schemas, whatever the order of lookups', () => {
    const map = new RelationMap<string>();
    expect(map.get(key('db', 's', 't'))).toBeUndefined();
    map.set(key('db', 's', 't'), 'db.s.t');
    map.set(key('db', 's2', 't'), 'db.s2.t');
    map.set(key('other', 's', 't'), 'other.s.t');
    expect(map.get(key('db', 's', 't'))).toBe('db.s.t');
    expect(map.get(key('other', 's', 't'))).toBe('other.s.t');
    expect(map.get(key('db', 's2', 't'))).toBe('db.s2.t');
    expect(map.get(key('db', 's', 't'))).toBe('db.s.t');
    expect(map.get(key('db', 's', 'missing'))).toBeUndefined();
    expect([...map.values()].sort()).toEqual(['db.s.t', 'db.s2.t', 'other.s.t']);
  });

  it('finds a relation of a schema that was looked up, and missed, before it was set', () => {
    const map = new RelationMap<number>();
    map.set(key('db', 'a', 't'), 1);
    expect(map.get(key('db', 'later', 't'))).toBeUndefined();
    map.set(key('db', 'later', 't'), 2);
    expect(map.get(key('db', 'later', 't'))).toBe(2);
    map.set(key('db', 'later', 'u'), 3);
    expect(map.get(key('db', 'later', 'u'))).toBe(3);
  });
});
