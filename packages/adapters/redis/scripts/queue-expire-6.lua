-- queue-expire: expires up to `limit` tokens whose index score is <= a bound, oldest first. Used for both
-- session expiry (index = active zset, score activeUntil) and idle expiry (index = heartbeat zset, score lastSeenAt).
-- Bounded work: ZRANGEBYSCORE ... LIMIT, never a scan.
-- KEYS[1] live token records (hash token -> record)   KEYS[2] waiting zset   KEYS[3] heartbeat zset
-- KEYS[4] active zset   KEYS[5] live token by user (hash)
-- ARGV[1] ended record key prefix: a token's ended record is ARGV[1]..token (same hash tag, made by keys.ts)
-- ARGV[2] 'active' (expire sessions) or 'waiting' (expire idle)   ARGV[3] bound (inclusive)   ARGV[4] now
-- ARGV[5] limit   ARGV[6] ended-token TTL in ms
-- record: 'state|seq|enteredAt|lastSeenAt|activatedAt|activeUntil|endedAt|userId'
-- returns the expired tokens
local function parse(s)
  local st, seq, ea, ls, aa, au, ee, u = string.match(s, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|(.*)$')
  return {u, st, seq, ea, ls, aa, au, ee}
end
local function format(r) return table.concat({r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[1]}, '|') end

local index = KEYS[4]
if ARGV[2] == 'waiting' then index = KEYS[3] end
local due = redis.call('ZRANGEBYSCORE', index, '-inf', ARGV[3], 'LIMIT', 0, tonumber(ARGV[5]))
local expired = {}
for _, token in ipairs(due) do
  if ARGV[2] == 'waiting' then
    redis.call('ZREM', KEYS[2], token)
    redis.call('ZREM', KEYS[3], token)
  else
    redis.call('ZREM', KEYS[4], token)
  end
  local raw = redis.call('HGET', KEYS[1], token)
  -- Only a token still in the state its index implies moves; a stray index entry is just dropped.
  if raw then
    local rec = parse(raw)
    if rec[2] == ARGV[2] then
      rec[2] = 'expired'
      rec[8] = ARGV[4]
      redis.call('HDEL', KEYS[1], token)
      redis.call('SET', ARGV[1] .. token, format(rec), 'PX', ARGV[6])
      if redis.call('HGET', KEYS[5], rec[1]) == token then redis.call('HDEL', KEYS[5], rec[1]) end
      expired[#expired + 1] = token
    end
  end
end
return expired
