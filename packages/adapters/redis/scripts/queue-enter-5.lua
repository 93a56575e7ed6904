-- queue-enter: return the user's live token (a heartbeat if waiting), or store a new waiting token at the tail.
-- KEYS[1] seq counter (string)   KEYS[2] waiting zset (token -> seq)   KEYS[3] heartbeat zset (token -> lastSeenAt)
-- KEYS[4] live token by user (hash userId -> token)   KEYS[5] the new token's record (hash)
-- ARGV[1] token record key prefix: a record key is ARGV[1]..token (same hash tag, made by keys.ts)
-- ARGV[2] new token   ARGV[3] userId   ARGV[4] now (enteredAt and lastSeenAt)
-- returns {'ok', created 0|1, position, token, u, st, seq, ea, ls, aa, au, ee} ('' for null)
local F = {'u', 'st', 'seq', 'ea', 'ls', 'aa', 'au', 'ee'}
local function fmt(n) return string.format('%d', n) end
local function read(key)
  local v = redis.call('HMGET', key, unpack(F))
  if not v[2] then return nil end
  for i = 1, #F do if not v[i] then v[i] = '' end end
  return v
end

local now = tonumber(ARGV[4])
local live = redis.call('HGET', KEYS[4], ARGV[3])
if live then
  local key = ARGV[1] .. live
  local rec = read(key)
  if rec and (rec[2] == 'waiting' or rec[2] == 'active') then
    local position = ''
    if rec[2] == 'waiting' then
      local seen = math.max(tonumber(rec[5]), now)
      rec[5] = fmt(seen)
      redis.call('HSET', key, 'ls', rec[5])
      redis.call('ZADD', KEYS[3], rec[5], live)
      position = redis.call('ZRANK', KEYS[2], live) + 1
    end
    return {'ok', 0, position, live, unpack(rec)}
  end
end

local seq = redis.call('INCR', KEYS[1])
local token = ARGV[2]
redis.call('HSET', KEYS[5], 'u', ARGV[3], 'st', 'waiting', 'seq', fmt(seq), 'ea', ARGV[4], 'ls', ARGV[4])
redis.call('ZADD', KEYS[2], fmt(seq), token)
redis.call('ZADD', KEYS[3], ARGV[4], token)
redis.call('HSET', KEYS[4], ARGV[3], token)
local position = redis.call('ZRANK', KEYS[2], token) + 1
return {'ok', 1, position, token, ARGV[3], 'waiting', fmt(seq), ARGV[4], ARGV[4], '', '', ''}
