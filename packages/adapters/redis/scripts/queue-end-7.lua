-- queue-end: leave (waiting|active -> expired) or complete (active -> completed); an ended token is returned unchanged.
-- An ended token leaves the live records and becomes its own string key with a TTL, so memory stays bounded.
-- KEYS[1] live token records (hash token -> record)   KEYS[2] this token's ended record (string)
-- KEYS[3] waiting zset   KEYS[4] heartbeat zset   KEYS[5] active zset   KEYS[6] live token by user (hash)
-- ARGV[1] token   ARGV[2] 'expired' (leave) or 'completed' (complete)   ARGV[3] now   ARGV[4] ended-token TTL in ms
-- record: 'state|seq|enteredAt|lastSeenAt|activatedAt|activeUntil|endedAt|userId'
-- returns {'ok', u, st, seq, ea, ls, aa, au, ee}, or {'none'} when unknown
local function parse(s)
  local st, seq, ea, ls, aa, au, ee, u = string.match(s, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|(.*)$')
  return {u, st, seq, ea, ls, aa, au, ee}
end
local function format(r) return table.concat({r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[1]}, '|') end

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
  rec[2] = to
  rec[8] = ARGV[3]
  redis.call('HDEL', KEYS[1], token)
  redis.call('SET', KEYS[2], format(rec), 'PX', ARGV[4])
  if redis.call('HGET', KEYS[6], rec[1]) == token then redis.call('HDEL', KEYS[6], rec[1]) end
end
return {'ok', unpack(rec)}
