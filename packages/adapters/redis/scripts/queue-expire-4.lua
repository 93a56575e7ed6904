-- queue-expire: expires up to `limit` tokens whose index score is <= a bound, oldest first. Used for both
-- session expiry (index = active zset, score activeUntil) and idle expiry (index = heartbeat zset, score lastSeenAt).
-- Bounded work: ZRANGEBYSCORE ... LIMIT, never a scan.
-- KEYS[1] waiting zset   KEYS[2] heartbeat zset   KEYS[3] active zset   KEYS[4] live token by user (hash)
-- ARGV[1] token record key prefix (record key = ARGV[1]..token, same hash tag)
-- ARGV[2] 'active' (expire sessions) or 'waiting' (expire idle)   ARGV[3] bound (inclusive)   ARGV[4] now
-- ARGV[5] limit   ARGV[6] ended-token TTL in ms
-- returns the expired tokens
local index = KEYS[3]
if ARGV[2] == 'waiting' then index = KEYS[2] end
local due = redis.call('ZRANGEBYSCORE', index, '-inf', ARGV[3], 'LIMIT', 0, tonumber(ARGV[5]))
local expired = {}
for _, token in ipairs(due) do
  local key = ARGV[1] .. token
  local rec = redis.call('HMGET', key, 'u', 'st')
  if ARGV[2] == 'waiting' then
    redis.call('ZREM', KEYS[1], token)
    redis.call('ZREM', KEYS[2], token)
  else
    redis.call('ZREM', KEYS[3], token)
  end
  -- Only a token still in the state its index implies moves; a stray index entry is just dropped.
  if rec[2] == ARGV[2] then
    redis.call('HSET', key, 'st', 'expired', 'ee', ARGV[4])
    redis.call('PEXPIRE', key, ARGV[6])
    if redis.call('HGET', KEYS[4], rec[1]) == token then redis.call('HDEL', KEYS[4], rec[1]) end
    expired[#expired + 1] = token
  end
end
return expired
