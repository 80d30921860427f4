/**
 * Lua sources of the Redis runtime's atomic steps. Every key a script touches is declared in
 * KEYS (a Redis Cluster requirement, https://redis.io/docs/latest/develop/interact/programmability/eval-intro/),
 * and all of them share the projection's hash tag (see `keys.ts`). Checkpoints are decimal
 * strings without leading zeros, so "a ≥ b" is "longer, or as long and not smaller as text".
 */

/**
 * Apply a batch. KEYS: pointer, meta, then the ops' keys. ARGV: expected live generation ('' =
 * do not check: shadow and scratch generations), initial generation, expected checkpoint, new
 * checkpoint, version, recordedAt (ms since the epoch, '' = unknown), op count, then per op `name, keyIndex, args…`.
 * Returns {1, checkpoint} when applied, {0, stored checkpoint} when the stored checkpoint is not
 * the expected one, {-1, live generation} when the generation is no longer live. Every op's key
 * type is checked before the first write, because Redis does not roll back a script that fails
 * part-way.
 */
export const APPLY_BATCH_LUA = `
local live = redis.call('GET', KEYS[1]) or ARGV[2]
if ARGV[1] ~= '' and live ~= ARGV[1] then return {-1, live} end
local current = redis.call('HGET', KEYS[2], 'checkpoint') or '0'
if current ~= ARGV[3] then return {0, current} end
local arity = {HSET=2, HDEL=1, SET=1, DEL=0, SADD=1, SREM=1, ZADD=2, ZINCRBY=2, ZREM=1}
local creates = {HSET='hash', SET='string', SADD='set', ZADD='zset', ZINCRBY='zset'}
local family = {HSET='hash', HDEL='hash', SET='string', SADD='set', SREM='set', ZADD='zset', ZINCRBY='zset', ZREM='zset'}
local n = tonumber(ARGV[7])
local types = {}
local i = 8
for _ = 1, n do
  local name = ARGV[i]
  local a = arity[name]
  if a == nil then return redis.error_reply('ERR unknown op ' .. tostring(name)) end
  local k = tonumber(ARGV[i + 1]) + 2
  if types[k] == nil then types[k] = redis.call('TYPE', KEYS[k])['ok'] end
  if name == 'DEL' then
    types[k] = 'none'
  else
    if types[k] ~= 'none' and types[k] ~= family[name] then
      return redis.error_reply('WRONGTYPE ' .. KEYS[k] .. ' holds a ' .. types[k] .. '; ' .. name .. ' needs a ' .. family[name])
    end
    if creates[name] then types[k] = creates[name] end
  end
  i = i + 2 + a
end
i = 8
for _ = 1, n do
  local name = ARGV[i]
  local a = arity[name]
  local k = tonumber(ARGV[i + 1]) + 2
  if a == 0 then redis.call(name, KEYS[k])
  elseif a == 1 then redis.call(name, KEYS[k], ARGV[i + 2])
  else redis.call(name, KEYS[k], ARGV[i + 2], ARGV[i + 3]) end
  i = i + 2 + a
end
redis.call('HSET', KEYS[2], 'checkpoint', ARGV[4])
if ARGV[6] ~= '' then redis.call('HSET', KEYS[2], 'recordedAt', ARGV[6]) end
redis.call('HSETNX', KEYS[2], 'version', ARGV[5])
return {1, ARGV[4]}
`;

/** Mark a generation ready for queries. KEYS: meta. Only when it has a checkpoint (not lost). */
export const MARK_READY_LUA = `
if redis.call('HEXISTS', KEYS[1], 'checkpoint') == 0 then return 0 end
redis.call('HSET', KEYS[1], 'ready', '1')
return 1
`;

/**
 * Swap a rebuilt generation in. KEYS: pointer, live meta, shadow meta, lock. ARGV: expected live
 * generation, initial generation, shadow generation, lock token. Returns {1, shadow checkpoint}
 * when swapped, {0, live checkpoint} when the shadow is behind the live one, {-1, live
 * generation} when another generation became live meanwhile, {-2, ''} when the caller no
 * longer holds the lock.
 */
export const SWAP_LUA = `
if redis.call('GET', KEYS[4]) ~= ARGV[4] then return {-2, ''} end
local live = redis.call('GET', KEYS[1]) or ARGV[2]
if live ~= ARGV[1] then return {-1, live} end
local liveCp = redis.call('HGET', KEYS[2], 'checkpoint') or '0'
local shadowCp = redis.call('HGET', KEYS[3], 'checkpoint')
if not shadowCp then return redis.error_reply('ERR the shadow generation has no checkpoint') end
if #shadowCp < #liveCp or (#shadowCp == #liveCp and shadowCp < liveCp) then return {0, liveCp} end
redis.call('HSET', KEYS[3], 'ready', '1')
redis.call('SET', KEYS[1], ARGV[3])
return {1, shadowCp}
`;

/** Renew a lock we hold. KEYS: lock. ARGV: token, ttl ms. Returns 1, or 0 when not ours. */
export const RENEW_LOCK_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/** Release a lock we hold. KEYS: lock. ARGV: token. */
export const RELEASE_LOCK_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`;
