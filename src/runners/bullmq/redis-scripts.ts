import type { RedisClient } from 'bullmq';

/**
 * The few atomic Redis operations of this runner, as Lua scripts registered through the client interface BullMQ
 * itself uses (so any client BullMQ accepts works).
 */
const scripts = {
  datatasksLastStreamId: {
    numberOfKeys: 1,
    lua: `local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if last[1] then return last[1][1] end
return '0-0'`,
  },
  // KEYS: token, outcome. ARGV: outcome JSON, ttl ms. -1 unknown token, 1 settled now, 0 settled before.
  datatasksSettleToken: {
    numberOfKeys: 2,
    lua: `if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`,
  },
  // KEYS: token. ARGV: token JSON, ttl ms. 1 created, 0 existed (an idempotency key reused).
  datatasksCreateToken: {
    numberOfKeys: 1,
    lua: `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`,
  },
} as const;

export type ScriptName = keyof typeof scripts;

const defined = new WeakSet<object>();

export function runScript(client: RedisClient, name: ScriptName, args: Array<string | number>): Promise<unknown> {
  if (!defined.has(client)) {
    for (const [scriptName, definition] of Object.entries(scripts)) client.defineCommand(scriptName, definition);
    defined.add(client);
  }
  return client.runCommand(name, args);
}
