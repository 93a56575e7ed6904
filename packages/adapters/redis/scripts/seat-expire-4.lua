-- seat-expire: held reservations with expiresAt <= now -> expired, releasing their seats; at most `limit`, oldest first.
-- A waiting-list offer (its JSON has waitlistSaleId) is released with reason offer_expired.
-- KEYS[1] seat owners (hash seat -> reservationId)   KEYS[2] reservations (hash id -> immutable JSON)
-- KEYS[3] reservation states (hash id -> 'state|expiresAt|paymentId')   KEYS[4] live holds (zset id -> expiresAt)
-- ARGV[1] now   ARGV[2] limit   ARGV[3..6] the event stream, its bound, the schedule id and the stream index (see event.lua)
-- returns the expired reservation ids
-- @include event
local due = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local expired = {}
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[4], id)
  local v = redis.call('HGET', KEYS[3], id)
  local json = redis.call('HGET', KEYS[2], id)
  if v and json then
    local st, exp, owner = string.match(v, '^([^|]*)|([^|]*)|(.*)$')
    if st == 'held' then
      redis.call('HSET', KEYS[3], id, 'expired|' .. exp .. '|' .. owner)
      for _, n in ipairs(cjson.decode(json).seats) do
        local seat = string.format('%d', n)
        if redis.call('HGET', KEYS[1], seat) == id then redis.call('HDEL', KEYS[1], seat) end
      end
      expired[#expired + 1] = id
      emitReleased(id, json, cjson.decode(json).waitlistSaleId and 'offer_expired' or 'expired', ARGV[1])
    end
  end
end
return expired
