-- queue-counts: waiting and active counts of one queue, read together.
-- KEYS[1] waiting zset   KEYS[2] active zset
-- ARGV: none
-- returns {waiting, active}
return {redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2])}
