-- seat-refund: confirmed by paymentId -> refunded, freeing the seats it still owns, with reservation.released
-- (reason refund). Already refunded by the same payment: unchanged. Otherwise reservation_not_held.
-- KEYS[1] seat owners (hash seat -> reservationId)   KEYS[2] reservations (hash id -> immutable JSON)
-- KEYS[3] reservation states (hash id -> 'state|expiresAt|paymentId')
-- ARGV[1] reservation id   ARGV[2] payment id   ARGV[3] now   ARGV[4..7] the event stream, its bound, the schedule id and the stream index (see event.lua)
-- returns {'ok', json, state}, {'reservation_not_found'} or {'reservation_not_held', state}
-- @include event
local id, pid = ARGV[1], ARGV[2]
local json = redis.call('HGET', KEYS[2], id)
local v = redis.call('HGET', KEYS[3], id)
if not json or not v then return {'reservation_not_found'} end
local st, exp, owner = string.match(v, '^([^|]*)|([^|]*)|(.*)$')
if st == 'refunded' and owner == pid then return {'ok', json, v} end
if st ~= 'confirmed' or owner ~= pid then return {'reservation_not_held', st} end
v = 'refunded|' .. exp .. '|' .. pid
redis.call('HSET', KEYS[3], id, v)
for _, n in ipairs(cjson.decode(json).seats) do
  local seat = string.format('%d', n)
  if redis.call('HGET', KEYS[1], seat) == id then redis.call('HDEL', KEYS[1], seat) end
end
emitReleased(id, json, 'refund', ARGV[3])
return {'ok', json, v}
