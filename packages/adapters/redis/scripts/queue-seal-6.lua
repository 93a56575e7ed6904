-- queue-seal: seals the queue for a reason (sold_out or closed; the first seal's reason stays): from now on entry
-- refuses newcomers and admission admits nobody. Then ends up to `limit` waiting tokens (the pre-queue included)
-- with that end reason, group by group from the idle groups (bounded work, see sweep in queue-record). Active
-- sessions run on.
-- KEYS[1] line bitmap   KEYS[2] line tree   KEYS[3] idle groups zset   KEYS[4] pre-queue (zset by draw key)
-- KEYS[5] active zset   KEYS[6] queue meta (hash)
-- ARGV[1] bucket key prefix (see queue-record)   ARGV[2] ended record key prefix (ARGV[2]..token, same hash tag)
-- ARGV[3] reason   ARGV[4] now   ARGV[5] limit   ARGV[6] ended-token TTL in ms
-- ARGV[7..10] the event stream, its bound, the queue id and the stream index (see event.lua)
-- returns the ended tokens
-- @include queue-record
LINE, TREE, IDLE, PRE, ACTIVE, META, BUCKETS, ENDED, QID = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], ARGV[1], ARGV[2], EVENT_OWNER

if redis.call('HSETNX', META, 'sealed', ARGV[3]) == 1 and ARGV[3] == 'sold_out' then
  emit('sale.sold_out', ARGV[4], EVENT_OWNER, nil, nil, '{}')
end
return sweep(nil, false, redis.call('HGET', META, 'sealed'), ARGV[4], tonumber(ARGV[5]), ARGV[6])
