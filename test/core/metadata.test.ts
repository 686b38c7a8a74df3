import { describe, expect, it } from 'vitest';
import type { MetadataValue } from '../../src/core/context.js';
import { createRunMetadata } from '../../src/core/metadata.js';
import { createRedactor } from '../../src/core/redact.js';

describe('run metadata', () => {
  it('applies each operation, emitting a snapshot per change', () => {
    const snapshots: Array<Record<string, MetadataValue>> = [];
    const metadata = createRunMetadata(createRedactor(), (snapshot) => snapshots.push(snapshot));
    metadata.set('phase', 'a').increment('count').increment('count', 4).decrement('count', 2);
    metadata.append('list', 1).append('list', 2).append('phase', 'b').del('missing').del('count');
    expect(metadata.current()).toEqual({ phase: ['a', 'b'], list: [1, 2] });
    expect(metadata.get('list')).toEqual([1, 2]);
    expect(snapshots).toHaveLength(8); // deleting a missing key changes nothing
    expect(snapshots[3]).toEqual({ phase: 'a', count: 3 });
    expect(snapshots[4]).toEqual({ phase: 'a', count: 3, list: [1] }); // earlier snapshots are not mutated
  });

  it('redacts values as they are stored and refuses to increment a non-number', () => {
    const metadata = createRunMetadata(createRedactor(['h1-meta-secret']), () => {});
    metadata.set('info', { password: 'x', note: 'uses h1-meta-secret' });
    expect(metadata.get('info')).toEqual({ password: '[REDACTED]', note: 'uses [REDACTED]' });
    metadata.set('word', 'text');
    expect(() => metadata.increment('word')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
