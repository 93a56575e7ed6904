-- queue-admit: admits waiting tokens from the head (lowest seq) while active < maxActive and fewer than
-- admitPerMinute were admitted in the sliding window ending at now. At most `limit` per call.
-- KEYS[1] live token records (hash token -> record)   KEYS[2] waiting zset   KEYS[3] heartbeat zset
-- KEYS[4] active zset (token -> activeUntil)   KEYS[5] admission log zset (token -> activatedAt), trimmed to the window
-- ARGV[1] now   ARGV[2] windowMs   ARGV[3] maxActive   ARGV[4] admitPerMinute   ARGV[5] sessionTtlMs   ARGV[6] limit
-- record: 'state|seq|enteredAt|lastSeenAt|activatedAt|activeUntil|endedAt|userId'
-- returns the admitted tokens, in seq order
local function parse(s)
  local st, seq, ea, ls, aa, au, ee, u = string.match(s, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|(.*)$')
  return {u, st, seq, ea, ls, aa, au, ee}
end
local function format(r) return table.concat({r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[1]}, '|') end

local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', string.format('%d', now - tonumber(ARGV[2])))
local room = math.min(tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[4]),
  tonumber(ARGV[4]) - redis.call('ZCARD', KEYS[5]), tonumber(ARGV[6]))
local admitted = {}
if room <= 0 then return admitted end
local activeUntil = string.format('%d', now + tonumber(ARGV[5]))
local head = redis.call('ZPOPMIN', KEYS[2], room)
for i = 1, #head, 2 do
  local token = head[i]
  redis.call('ZREM', KEYS[3], token)
  local raw = redis.call('HGET', KEYS[1], token)
  if raw then
    local rec = parse(raw)
    if rec[2] == 'waiting' then
      rec[2] = 'active'
      rec[6] = ARGV[1]
      rec[7] = activeUntil
      redis.call('HSET', KEYS[1], token, format(rec))
      redis.call('ZADD', KEYS[4], activeUntil, token)
      redis.call('ZADD', KEYS[5], ARGV[1], token)
      admitted[#admitted + 1] = token
    end
  end
end
return admitted
