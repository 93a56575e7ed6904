-- queue-end: leave (waiting|active -> expired, reason left) or complete (active -> completed, reason paid);
-- an ended token is returned unchanged. An ended token leaves the live records and becomes its own string key
-- with a TTL, so memory stays bounded.
-- KEYS[1] live token records (hash token -> record)   KEYS[2] this token's ended record (string)
-- KEYS[3] waiting zset   KEYS[4] heartbeat zset   KEYS[5] active zset   KEYS[6] live token by user (hash)
-- KEYS[7] pre-queue still waiting (lex zset)
-- ARGV[1] token   ARGV[2] 'expired' (leave) or 'completed' (complete)   ARGV[3] now   ARGV[4] ended-token TTL in ms
-- ARGV[5..8] the event stream, its bound, the queue id and the stream index (see event.lua)
-- returns {'ok', u, st, seq, ea, ls, aa, au, ee, dk, er}, or {'none'} when unknown
-- @include queue-record

local token, to = ARGV[1], ARGV[2]
local raw = redis.call('HGET', KEYS[1], token)
if not raw then
  raw = redis.call('GET', KEYS[2])
  if not raw then return {'none'} end
  return {'ok', unpack(parse(raw))}
end
local rec = parse(raw)
if rec[2] == 'active' or (rec[2] == 'waiting' and to == 'expired') then
  if rec[2] == 'waiting' then
    redis.call('ZREM', KEYS[3], token)
    redis.call('ZREM', KEYS[4], token)
  else
    redis.call('ZREM', KEYS[5], token)
  end
  local reason = 'left'
  if to == 'completed' then reason = 'paid' end
  retire(rec, token, to, reason, ARGV[3], KEYS[1], KEYS[2], KEYS[6], KEYS[7], ARGV[4])
end
return {'ok', unpack(rec)}
