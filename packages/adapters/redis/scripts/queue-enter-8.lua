-- queue-enter: return the user's live token (a heartbeat if waiting), or store a new waiting token at the tail.
-- KEYS[1] seq counter (string)   KEYS[2] waiting zset (token -> seq)   KEYS[3] heartbeat zset (token -> lastSeenAt)
-- KEYS[4] live token by user (hash userId -> token)   KEYS[5] live token records (hash token -> record)
-- ARGV[1] new token   ARGV[2] userId   ARGV[3] now (enteredAt and lastSeenAt)
-- record: 'state|seq|enteredAt|lastSeenAt|activatedAt|activeUntil|endedAt|userId' ('' for null, userId last)
-- returns {'ok', created 0|1, position, token, u, st, seq, ea, ls, aa, au, ee} ('' for null)
local function parse(s)
  local st, seq, ea, ls, aa, au, ee, u = string.match(s, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|(.*)$')
  return {u, st, seq, ea, ls, aa, au, ee}
end
local function format(r) return table.concat({r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[1]}, '|') end

local now = tonumber(ARGV[3])
local live = redis.call('HGET', KEYS[4], ARGV[2])
if live then
  local raw = redis.call('HGET', KEYS[5], live)
  if raw then
    local rec = parse(raw)
    local position = ''
    if rec[2] == 'waiting' then
      rec[5] = string.format('%d', math.max(tonumber(rec[5]), now))
      redis.call('HSET', KEYS[5], live, format(rec))
      redis.call('ZADD', KEYS[3], rec[5], live)
      position = redis.call('ZRANK', KEYS[2], live) + 1
    end
    return {'ok', 0, position, live, unpack(rec)}
  end
end

local seq = string.format('%d', redis.call('INCR', KEYS[1]))
local token = ARGV[1]
local rec = {ARGV[2], 'waiting', seq, ARGV[3], ARGV[3], '', '', ''}
redis.call('HSET', KEYS[5], token, format(rec))
redis.call('ZADD', KEYS[2], seq, token)
redis.call('ZADD', KEYS[3], ARGV[3], token)
redis.call('HSET', KEYS[4], ARGV[2], token)
local position = redis.call('ZRANK', KEYS[2], token) + 1
return {'ok', 1, position, token, unpack(rec)}
