-- queue-expire: expires up to `limit` tokens whose index score is <= a bound, oldest first. Used for both
-- session expiry (index = active zset, score activeUntil, reason session_ended) and idle expiry (index =
-- heartbeat zset, score lastSeenAt on the pause-free clock, reason idle: nothing while paused, and the bound is
-- moved onto that clock). Bounded work: ZRANGEBYSCORE ... LIMIT, never a scan.
-- KEYS[1] live token records (hash token -> record)   KEYS[2] waiting zset   KEYS[3] heartbeat zset
-- KEYS[4] active zset   KEYS[5] live token by user (hash)   KEYS[6] pre-queue still waiting (lex zset)
-- KEYS[7] queue meta (hash: mode, pausedMs, pausedAt)
-- ARGV[1] ended record key prefix: a token's ended record is ARGV[1]..token (same hash tag, made by keys.ts)
-- ARGV[2] 'active' (expire sessions) or 'waiting' (expire idle)   ARGV[3] bound (inclusive)   ARGV[4] now
-- ARGV[5] limit   ARGV[6] ended-token TTL in ms
-- ARGV[7..10] the event stream, its bound, the queue id and the stream index (see event.lua)
-- returns the expired tokens
-- @include queue-record

local index = KEYS[4]
local reason = 'session_ended'
local bound = ARGV[3]
if ARGV[2] == 'waiting' then
  if redis.call('HGET', KEYS[7], 'mode') == 'paused' then return {} end
  index = KEYS[3]
  reason = 'idle'
  local now = tonumber(ARGV[4])
  bound = string.format('%d', tonumber(ARGV[3]) - (now - unpaused(KEYS[7], now)))
end
local due = redis.call('ZRANGEBYSCORE', index, '-inf', bound, 'LIMIT', 0, tonumber(ARGV[5]))
local indexes = {KEYS[4]}
if ARGV[2] == 'waiting' then indexes = {KEYS[2], KEYS[3]} end
return retireDue(due, ARGV[2], reason, ARGV[4], indexes, KEYS[1], ARGV[1], KEYS[5], KEYS[6], ARGV[6])
