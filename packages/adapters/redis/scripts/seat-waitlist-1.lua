-- seat-waitlist: a schedule's waitlist mode for one sale, fenced by gen: applied only if gen >= the stored one,
-- so a host with a stale view never undoes a newer switch.
-- KEYS[1] waitlist modes (hash saleId -> 'gen|1' on or 'gen|0' off)
-- ARGV[1] sale id   ARGV[2] '1' on or '0' off   ARGV[3] gen
-- returns 1 when applied, 0 when stale
local v = redis.call('HGET', KEYS[1], ARGV[1])
local stored = v and tonumber(string.match(v, '^(%d+)|')) or 0
if tonumber(ARGV[3]) < stored then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3] .. '|' .. ARGV[2])
return 1
