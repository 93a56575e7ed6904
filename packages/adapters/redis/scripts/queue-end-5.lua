-- queue-end: leave (waiting|active -> expired, reason left) or complete (active -> completed, reason paid);
-- an ended token is returned unchanged. An ended token leaves the live records and becomes its own string key
-- with a TTL, so memory stays bounded.
-- KEYS[1] line bitmap   KEYS[2] line tree   KEYS[3] pre-queue (zset by draw key)   KEYS[4] active zset
-- KEYS[5] queue meta (hash)
-- ARGV[1] bucket key prefix (see queue-record)   ARGV[2] ended record key prefix (ARGV[2]..token, same hash tag)
-- ARGV[3] token   ARGV[4] 'expired' (leave) or 'completed' (complete)   ARGV[5] now   ARGV[6] ended-token TTL in ms
-- ARGV[7..10] the event stream, its bound, the queue id and the stream index (see event.lua)
-- returns {'ok', u, st, seq, ea, ls, aa, au, ee, dk, er, pf}, or {'none'} when unknown
-- @include queue-record
LINE, TREE, PRE, ACTIVE, META, BUCKETS, ENDED, QID = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], ARGV[1], ARGV[2], EVENT_OWNER

local token, to = ARGV[3], ARGV[4]
local s = short(token)
local raw = getRec(s)
if not raw then
  raw = getEnded(token)
  if not raw then return {'none'} end
  return {'ok', unpack(parse(raw))}
end
local rec = parse(raw)
if rec[2] == 'active' or (rec[2] == 'waiting' and to == 'expired') then
  local reason = 'left'
  if to == 'completed' then reason = 'paid' end
  retire(rec, s, to, reason, ARGV[5], ARGV[6])
end
return {'ok', unpack(rec)}
