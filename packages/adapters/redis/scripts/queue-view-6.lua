-- queue-view: a token with its position; a status poll also records a heartbeat when the token is waiting.
-- KEYS[1] live token records (hash token -> record)   KEYS[2] this token's ended record (string, with a TTL)
-- KEYS[3] waiting zset   KEYS[4] heartbeat zset (token -> lastSeenAt on the pause-free clock)   KEYS[5] pre-queue still waiting (lex zset)   KEYS[6] queue meta (hash)
-- ARGV[1] token   ARGV[2] heartbeatAt, or '' for a read without heartbeat
-- ARGV[3] the polling user: the heartbeat counts only when the token is theirs
-- returns {'ok', position, openedAt, u, st, seq, ea, ls, aa, au, ee, dk, er}, or {'none'} when unknown
-- @include queue-record

local opened = redis.call('HGET', KEYS[6], 'openedAt')
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then
  raw = redis.call('GET', KEYS[2])
  if not raw then return {'none'} end
  return {'ok', '', opened or '', unpack(parse(raw))}
end
local rec = parse(raw)
local position = ''
if rec[2] == 'waiting' then
  if ARGV[2] ~= '' and rec[1] == ARGV[3] then
    rec[5] = string.format('%d', math.max(tonumber(rec[5]), tonumber(ARGV[2])))
    redis.call('HSET', KEYS[1], ARGV[1], format(rec))
    redis.call('ZADD', KEYS[4], 'GT', unpaused(KEYS[6], tonumber(ARGV[2])), ARGV[1])
  end
  if rec[9] ~= '' then
    if opened then position = redis.call('ZRANK', KEYS[5], rec[9] .. ARGV[1]) + 1 end
  else
    local rank = redis.call('ZRANK', KEYS[3], ARGV[1])
    if rank then position = redis.call('ZCARD', KEYS[5]) + rank + 1 end
  end
end
return {'ok', position, opened or '', unpack(rec)}
