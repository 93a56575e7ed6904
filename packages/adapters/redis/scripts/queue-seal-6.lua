-- queue-seal: seals the queue for a reason (sold_out or closed; the first seal's reason stays): from now on entry
-- refuses newcomers and admission admits nobody. Then ends up to `limit` waiting tokens (the pre-queue included)
-- with that end reason. Active sessions run on. Bounded work: ZRANGE ... of the heartbeat index.
-- KEYS[1] live token records (hash token -> record)   KEYS[2] waiting zset   KEYS[3] heartbeat zset
-- KEYS[4] live token by user (hash)   KEYS[5] pre-queue still waiting (lex zset)   KEYS[6] queue meta (hash)
-- ARGV[1] ended record key prefix (ARGV[1]..token, same hash tag)   ARGV[2] reason   ARGV[3] now   ARGV[4] limit
-- ARGV[5] ended-token TTL in ms
-- ARGV[6..9] the event stream, its bound, the queue id and the stream index (see event.lua)
-- returns the ended tokens
-- @include queue-record

if redis.call('HSETNX', KEYS[6], 'sealed', ARGV[2]) == 1 and ARGV[2] == 'sold_out' then
  emit('sale.sold_out', ARGV[3], EVENT_OWNER, nil, nil, '{}')
end
local reason = redis.call('HGET', KEYS[6], 'sealed')
local due = redis.call('ZRANGE', KEYS[3], 0, tonumber(ARGV[4]) - 1)
return retireDue(due, 'waiting', reason, ARGV[3], {KEYS[3], KEYS[2]}, KEYS[1], ARGV[1], KEYS[4], KEYS[5], ARGV[5])
