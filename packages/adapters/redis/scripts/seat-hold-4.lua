-- seat-hold: all or nothing, stores a held reservation if every seat is free at now.
-- A seat is free unless its owner is paying, confirmed, or held with expiresAt > now (lapsed holds lose it lazily).
-- KEYS[1] seat owners (hash seat -> reservationId)   KEYS[2] reservations (hash id -> immutable JSON)
-- KEYS[3] reservation states (hash id -> 'state|expiresAt|paymentId')   KEYS[4] live holds (zset id -> expiresAt)
-- ARGV[1] now   ARGV[2] reservation id   ARGV[3] immutable JSON   ARGV[4] expiresAt   ARGV[5..n-3] seat numbers
-- the last EVENT_ARGS ARGV: the event stream, its bound, the schedule id and the stream index (see event.lua)
-- returns {'ok'}, or {'seat_unavailable', seat...} listing the taken seats
-- @include event
local now = tonumber(ARGV[1])
local last = #ARGV - EVENT_ARGS
local function taken(owner)
  local v = redis.call('HGET', KEYS[3], owner)
  if not v then return false end
  local st, exp = string.match(v, '^([^|]*)|([^|]*)|')
  if st == 'paying' or st == 'confirmed' then return true end
  return st == 'held' and tonumber(exp) > now
end
local busy = {'seat_unavailable'}
for i = 5, last do
  local owner = redis.call('HGET', KEYS[1], ARGV[i])
  if owner and taken(owner) then busy[#busy + 1] = ARGV[i] end
end
if #busy > 1 then return busy end
local id = ARGV[2]
local seats = {}
for i = 5, last do
  redis.call('HSET', KEYS[1], ARGV[i], id)
  seats[#seats + 1] = ARGV[i]
end
redis.call('HSET', KEYS[2], id, ARGV[3])
redis.call('HSET', KEYS[3], id, 'held|' .. ARGV[4] .. '|')
redis.call('ZADD', KEYS[4], ARGV[4], id)
local r = cjson.decode(ARGV[3])
emit('reservation.held', ARGV[1], nil, r.userId, r.scheduleId, table.concat({
  '{"reservationId":', cjson.encode(id), ',"seats":[', table.concat(seats, ','), '],"amount":', int(r.amount),
  ',"expiresAt":', ARGV[4], '}'}))
return {'ok'}
