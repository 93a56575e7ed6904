-- seat-change: one state change of a reservation, as the SeatInventory port describes each:
--   cancel:  held -> cancelled, releasing its seats; any other state unchanged
--   claim:   held (expiresAt > now, owning every seat) -> paying by paymentId; same payment paying|confirmed:
--            unchanged; else hold_expired | payment_in_progress | reservation_not_held
--   release: paying by paymentId -> held (and at once expired, releasing seats, if past expiresAt); else unchanged
--   confirm: paying by paymentId -> confirmed; confirmed by it: unchanged; else reservation_not_held
-- KEYS[1] seat owners (hash seat -> reservationId)   KEYS[2] reservations (hash id -> immutable JSON)
-- KEYS[3] reservation states (hash id -> 'state|expiresAt|paymentId')   KEYS[4] live holds (zset id -> expiresAt)
-- KEYS[5] claimed holds (zset id -> expiresAt), for the recovery of dead claims
-- ARGV[1] 'cancel' | 'claim' | 'release' | 'confirm'   ARGV[2] reservation id   ARGV[3] paymentId ('' for cancel)
-- ARGV[4] now   ARGV[5..8] the event stream, its bound, the schedule id and the stream index (see event.lua)
-- returns {'ok', json, state} after the change, {'none'} when unknown (cancel, release),
-- or {code} for a refused change (reservation_not_found when unknown for claim and confirm)
-- @include event
local op, id, pid, now = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local json = redis.call('HGET', KEYS[2], id)
local v = redis.call('HGET', KEYS[3], id)
if not json or not v then
  if op == 'claim' or op == 'confirm' then return {'reservation_not_found'} end
  return {'none'}
end
local st, exp, owner = string.match(v, '^([^|]*)|([^|]*)|(.*)$')

local function set(state, payment)
  v = state .. '|' .. exp .. '|' .. payment
  redis.call('HSET', KEYS[3], id, v)
end
-- Ends a hold: frees the seats it still owns, and says why.
local function finish(state, reason)
  set(state, owner)
  emitReleased(id, json, reason, ARGV[4])
  redis.call('ZREM', KEYS[4], id)
  for _, n in ipairs(cjson.decode(json).seats) do
    local seat = string.format('%d', n)
    if redis.call('HGET', KEYS[1], seat) == id then redis.call('HDEL', KEYS[1], seat) end
  end
end

if op == 'cancel' then
  if st == 'held' then finish('cancelled', 'cancelled') end
elseif op == 'claim' then
  if (st == 'paying' or st == 'confirmed') and owner == pid then return {'ok', json, v} end
  if st == 'paying' then return {'payment_in_progress'} end
  if st == 'expired' or (st == 'held' and tonumber(exp) <= now) then return {'hold_expired'} end
  if st ~= 'held' then return {'reservation_not_held', st} end
  -- Lapsed within the pay grace (core passes now less the grace), a rival may have taken a seat: then it is gone.
  for _, n in ipairs(cjson.decode(json).seats) do
    if redis.call('HGET', KEYS[1], string.format('%d', n)) ~= id then return {'hold_expired'} end
  end
  set('paying', pid)
  redis.call('ZREM', KEYS[4], id)
  redis.call('ZADD', KEYS[5], exp, id)
elseif op == 'release' then
  if st == 'paying' and owner == pid then
    redis.call('ZREM', KEYS[5], id)
    set('held', '')
    owner = ''
    if tonumber(exp) <= now then finish('expired', 'dead_claim') else redis.call('ZADD', KEYS[4], exp, id) end
  end
elseif op == 'confirm' then
  if st == 'confirmed' and owner == pid then return {'ok', json, v} end
  if st ~= 'paying' or owner ~= pid then return {'reservation_not_held', st} end
  set('confirmed', pid)
  redis.call('ZREM', KEYS[5], id)
end
return {'ok', json, v}
