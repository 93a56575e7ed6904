-- queue-view: a token with its position; a status poll also records a heartbeat when the token is waiting.
-- KEYS[1] line bitmap   KEYS[2] line tree   KEYS[3] pre-queue (zset by draw key)   KEYS[4] queue meta (hash)
-- ARGV[1] bucket key prefix (see queue-record)   ARGV[2] ended record key prefix (ARGV[2]..token, same hash tag)
-- ARGV[3] queue id   ARGV[4] token   ARGV[5] heartbeatAt, or '' for a read without heartbeat
-- ARGV[6] the polling user: the heartbeat counts only when the token is theirs
-- returns {'ok', position, openedAt, u, st, seq, ea, ls, aa, au, ee, dk, er, pf}, or {'none'} when unknown
-- @include queue-record
LINE, TREE, PRE, META, BUCKETS, ENDED, QID = KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], ARGV[2], ARGV[3]

local opened = redis.call('HGET', META, 'openedAt')
local s = short(ARGV[4])
local raw = getRec(s)
if not raw then
  raw = getEnded(ARGV[4])
  if not raw then return {'none'} end
  return {'ok', '', opened or '', unpack(parse(raw))}
end
local rec = parse(raw)
if rec[2] == 'waiting' and ARGV[5] ~= '' and rec[1] == ARGV[6] then
  local at = tonumber(ARGV[5])
  beat(rec, at, unpaused(at))
  putRec(s, rec)
end
return {'ok', position(rec, s, opened), opened or '', unpack(rec)}
