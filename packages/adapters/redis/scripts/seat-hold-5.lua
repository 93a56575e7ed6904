-- seat-hold: all or nothing, stores a held reservation if every seat is free at now.
-- A seat is free unless its owner is paying, confirmed, or held with expiresAt > now (lapsed holds lose it lazily).
-- 'hold' (an ordinary hold) is refused, every seat listed, while any sale keeps the schedule for its waiting list;
-- 'offer' (a waiting-list offer) ignores that, and is idempotent by id: a stored reservation of that id is returned.
-- KEYS[1] seat owners (hash seat -> reservationId)   KEYS[2] reservations (hash id -> immutable JSON)
-- KEYS[3] reservation states (hash id -> 'state|expiresAt|paymentId')   KEYS[4] live holds (zset id -> expiresAt)
-- KEYS[5] waitlist modes (hash saleId -> 'gen|1' on or 'gen|0' off)
-- ARGV[1] 'hold' | 'offer'   ARGV[2] now   ARGV[3] reservation id   ARGV[4] immutable JSON   ARGV[5] expiresAt
-- ARGV[6..] seat numbers, then the last EVENT_ARGS ARGV: the event stream, its bound, the schedule id and the stream
-- index (see event.lua)
-- returns {'ok'} for a hold, {'ok', json, state} for an offer, or {'seat_unavailable', seat...} listing the taken seats
-- @include event
local mode, now = ARGV[1], tonumber(ARGV[2])
local id = ARGV[3]
local last = #ARGV - EVENT_ARGS
if mode == 'offer' then
  local known = redis.call('HGET', KEYS[2], id)
  if known then return {'ok', known, redis.call('HGET', KEYS[3], id)} end
else
  for _, v in ipairs(redis.call('HVALS', KEYS[5])) do
    if string.sub(v, -2) == '|1' then
      local all = {'seat_unavailable'}
      for i = 6, last do all[#all + 1] = ARGV[i] end
      return all
    end
  end
end
local function taken(owner)
  local v = redis.call('HGET', KEYS[3], owner)
  if not v then return false end
  local st, exp = string.match(v, '^([^|]*)|([^|]*)|')
  if st == 'paying' or st == 'confirmed' then return true end
  return st == 'held' and tonumber(exp) > now
end
local busy = {'seat_unavailable'}
for i = 6, last do
  local owner = redis.call('HGET', KEYS[1], ARGV[i])
  if owner and taken(owner) then busy[#busy + 1] = ARGV[i] end
end
if #busy > 1 then return busy end
local seats = {}
for i = 6, last do
  redis.call('HSET', KEYS[1], ARGV[i], id)
  seats[#seats + 1] = ARGV[i]
end
local state = 'held|' .. ARGV[5] .. '|'
redis.call('HSET', KEYS[2], id, ARGV[4])
redis.call('HSET', KEYS[3], id, state)
redis.call('ZADD', KEYS[4], ARGV[5], id)
local r = cjson.decode(ARGV[4])
emit('reservation.held', ARGV[2], nil, r.userId, r.scheduleId, table.concat({
  '{"reservationId":', cjson.encode(id), ',"seats":[', table.concat(seats, ','), '],"amount":', int(r.amount),
  ',"expiresAt":', ARGV[5], '}'}))
if mode == 'offer' then return {'ok', ARGV[4], state} end
return {'ok'}
