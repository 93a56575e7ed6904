-- queue-expire: expires up to `limit` tokens past a bound. Session expiry (index 'active': the active zset scored
-- by activeUntil, reason session_ended, oldest first: ZRANGEBYSCORE ... LIMIT) or idle expiry (index 'waiting':
-- the idle groups, reason idle: a waiting token whose pause-free heartbeat is <= the bound, moved onto that clock;
-- nothing while paused). Bounded work either way, never a scan of the line.
-- KEYS[1] line bitmap   KEYS[2] line tree   KEYS[3] idle groups zset   KEYS[4] pre-queue (zset by draw key)
-- KEYS[5] active zset (short -> activeUntil)   KEYS[6] queue meta (hash: mode, pausedMs, pausedAt)
-- ARGV[1] bucket key prefix (see queue-record)   ARGV[2] ended record key prefix (ARGV[2]..token, same hash tag)
-- ARGV[3] 'active' (expire sessions) or 'waiting' (expire idle)   ARGV[4] bound (inclusive)   ARGV[5] now
-- ARGV[6] limit   ARGV[7] ended-token TTL in ms
-- ARGV[8..11] the event stream, its bound, the queue id and the stream index (see event.lua)
-- returns the expired tokens
-- @include queue-record
LINE, TREE, IDLE, PRE, ACTIVE, META, BUCKETS, ENDED, QID = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[1], ARGV[2], EVENT_OWNER

local limit = tonumber(ARGV[6])
if ARGV[3] == 'waiting' then
  if redis.call('HGET', META, 'mode') == 'paused' then return {} end
  local now = tonumber(ARGV[5])
  return sweep(tonumber(ARGV[4]) - (now - unpaused(now)), true, 'idle', ARGV[5], limit, ARGV[7])
end
local done = {}
for _, s in ipairs(redis.call('ZRANGEBYSCORE', ACTIVE, '-inf', ARGV[4], 'LIMIT', 0, limit)) do
  local raw = redis.call('HGET', activeKey(), s) -- the zset names active tokens: their records' own hash
  local rec = raw and parse(raw)
  if rec and rec[2] == 'active' then
    done[#done + 1] = retire(rec, s, 'expired', 'session_ended', ARGV[5], ARGV[7])
  else
    redis.call('ZREM', ACTIVE, s) -- a stray entry is just dropped
  end
end
return done
