-- queue-view: a token with its position; a status poll also records a heartbeat when the token is waiting.
-- KEYS[1] live token records (hash token -> record)   KEYS[2] this token's ended record (string, with a TTL)
-- KEYS[3] waiting zset   KEYS[4] heartbeat zset
-- ARGV[1] token   ARGV[2] heartbeatAt, or '' for a read without heartbeat
-- ARGV[3] the polling user: the heartbeat counts only when the token is theirs
-- record: 'state|seq|enteredAt|lastSeenAt|activatedAt|activeUntil|endedAt|userId'
-- returns {'ok', position, u, st, seq, ea, ls, aa, au, ee}, or {'none'} when unknown
local function parse(s)
  local st, seq, ea, ls, aa, au, ee, u = string.match(s, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|(.*)$')
  return {u, st, seq, ea, ls, aa, au, ee}
end
local function format(r) return table.concat({r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[1]}, '|') end

local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then
  raw = redis.call('GET', KEYS[2])
  if not raw then return {'none'} end
  return {'ok', '', unpack(parse(raw))}
end
local rec = parse(raw)
local position = ''
if rec[2] == 'waiting' then
  if ARGV[2] ~= '' and rec[1] == ARGV[3] then
    rec[5] = string.format('%d', math.max(tonumber(rec[5]), tonumber(ARGV[2])))
    redis.call('HSET', KEYS[1], ARGV[1], format(rec))
    redis.call('ZADD', KEYS[4], rec[5], ARGV[1])
  end
  local rank = redis.call('ZRANK', KEYS[3], ARGV[1])
  if rank then position = rank + 1 end
end
return {'ok', position, unpack(rec)}
