import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { closestName, unknownNameMessage } from '../../src/core/closest-name.js';
import { knownKeysAt } from '../../src/core/unknown-keys.js';
import { zodIssues } from '../../src/core/validate.js';

describe('closestName', () => {
  it('takes a typo within the edit distance', () => {
    expect(closestName('pasword', ['user', 'password'])).toBe('password');
    expect(closestName('USR', ['user', 'host'])).toBe('user');
  });

  it('takes the one name a longer or shorter spelling starts with', () => {
    expect(closestName('username', ['host', 'user', 'password'])).toBe('user');
    expect(closestName('user_name', ['host', 'user'])).toBe('user');
    expect(closestName('hostname', ['host', 'port'])).toBe('host');
    expect(closestName('pass', ['password', 'privateKeyPassphrase'])).toBe('password');
  });

  it('guesses nothing when two names fit as well, or the overlap is too short', () => {
    expect(closestName('privateKeyX', ['privateKey', 'privateKeyPassphrase'])).toBe('privateKey');
    expect(closestName('pr', ['privateKey', 'projectId'])).toBeUndefined();
    expect(closestName('data', ['database', 'datasets'])).toBeUndefined();
    expect(unknownNameMessage('key', 'zzz', ['a', 'b'])).toBe('unknown key "zzz" (valid: a, b)');
  });
});

describe('unknown keys of strict zod objects', () => {
  const Inner = z.strictObject({ mode: z.string(), ca: z.string().optional() });
  const A = z.strictObject({ type: z.literal('a'), host: z.string(), ssl: Inner.optional() });
  const B = z.strictObject({ type: z.literal('b'), path: z.string(), list: z.array(Inner).default([]) });
  const schema = z.preprocess((value) => value, z.discriminatedUnion('type', [A, B]));

  it('follows the input through wrappers, unions and arrays to the object it was checked against', () => {
    expect(knownKeysAt(schema, [], { type: 'a' })).toEqual(['type', 'host', 'ssl']);
    expect(knownKeysAt(schema, [], { type: 'b' })).toEqual(['type', 'path', 'list']);
    expect(knownKeysAt(schema, ['ssl'], { type: 'a', ssl: {} })).toEqual(['mode', 'ca']);
    expect(knownKeysAt(schema, ['list', 1], { type: 'b', list: [{}, {}] })).toEqual(['mode', 'ca']);
  });

  it('gives each unknown key its own issue, at its own path', () => {
    const input = { type: 'a', hots: 'x', prot: 1, ssl: { mdoe: 'y' } };
    const parsed = schema.safeParse(input);
    expect(parsed.success).toBe(false);
    const issues = zodIssues(parsed.error!, schema, input).filter((issue) => issue.code === 'unrecognized_keys');
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual(
      expect.arrayContaining([
        ['hots', 'unknown key "hots" (did you mean "host"?)'],
        ['prot', 'unknown key "prot" (valid: type, host, ssl)'],
        ['ssl.mdoe', 'unknown key "mdoe" (did you mean "mode"?)'],
      ]),
    );
    // Without the schema, zod's own single issue on the object.
    expect(zodIssues(parsed.error!).some((issue) => issue.path === '' && issue.code === 'unrecognized_keys')).toBe(
      true,
    );
  });
});
