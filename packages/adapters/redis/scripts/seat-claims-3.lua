-- seat-claims: holds still claimed by a payment whose expiry is at or before a bound, oldest first.
-- KEYS[1] claimed holds (zset id -> expiresAt)   KEYS[2] reservations (hash id -> immutable JSON)
-- KEYS[3] reservation states (hash id -> 'state|expiresAt|paymentId')
-- ARGV[1] expiredBefore   ARGV[2] limit
-- returns a flat list json1, state1, json2, state2, ... (an id without a record is skipped)
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, id in ipairs(ids) do
  local json = redis.call('HGET', KEYS[2], id)
  local st = redis.call('HGET', KEYS[3], id)
  if json and st then
    out[#out + 1] = json
    out[#out + 1] = st
  end
end
return out
