-- queue-admit: admits waiting tokens from the head (lowest seq) while active < maxActive and fewer than
-- admitPerMinute were admitted in the sliding window ending at now. At most `limit` per call.
-- KEYS[1] waiting zset   KEYS[2] heartbeat zset   KEYS[3] active zset (token -> activeUntil)
-- KEYS[4] admission log zset (token -> activatedAt), trimmed to the window
-- ARGV[1] token record key prefix (record key = ARGV[1]..token, same hash tag)
-- ARGV[2] now   ARGV[3] windowMs   ARGV[4] maxActive   ARGV[5] admitPerMinute   ARGV[6] sessionTtlMs   ARGV[7] limit
-- returns the admitted tokens, in seq order
local now = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', string.format('%d', now - tonumber(ARGV[3])))
local room = math.min(tonumber(ARGV[4]) - redis.call('ZCARD', KEYS[3]),
  tonumber(ARGV[5]) - redis.call('ZCARD', KEYS[4]), tonumber(ARGV[7]))
local admitted = {}
if room <= 0 then return admitted end
local activeUntil = string.format('%d', now + tonumber(ARGV[6]))
local head = redis.call('ZPOPMIN', KEYS[1], room)
for i = 1, #head, 2 do
  local token = head[i]
  local key = ARGV[1] .. token
  redis.call('ZREM', KEYS[2], token)
  if redis.call('HGET', key, 'st') == 'waiting' then
    redis.call('HSET', key, 'st', 'active', 'aa', ARGV[2], 'au', activeUntil)
    redis.call('ZADD', KEYS[3], activeUntil, token)
    redis.call('ZADD', KEYS[4], ARGV[2], token)
    admitted[#admitted + 1] = token
  end
end
return admitted
