-- waitlist-change: one atomic step of a sale's waiting list, as WaitlistRepository describes each:
--   join: userId, activate '1'|'0' -> {'ok', created '1'|'0', gen, place, position} | {'refused'} (inactive)
--   leave: userId -> {'ok', place as it was} | {'none'}
--   activate -> {'ok', gen}   deactivate -> {'ok', gen} | {'none'} (someone waits)
--   claim: offerId, scheduleId, seat, expiredBefore -> {'ok', 'claimed', place} | {'ok', 'busy'} | {'ok', 'empty'}
--   open: offerId, expiresAt -> {'ok', place} | {'none'}   (appends waitlist.offered once)
--   undo: offerId -> {'ok'}   settle: offerId, 'purchased'|'expired' -> {'ok', place} | {'none'}
-- KEYS as waitlist-entry.lua   ARGV[1] op   ARGV[2] now   ARGV[3..n-4] the op's arguments
-- the last EVENT_ARGS ARGV: the event stream, its bound, the sale id and the stream index (see event.lua)
-- returns the reply after each op's arrow above
-- @include event
-- @include waitlist-entry
local op, now = ARGV[1], ARGV[2]
local saleId = EVENT_OWNER
local function active() return redis.call('HGET', KEYS[1], 'active') == '1' end
local function flip(on)
  redis.call('HSET', KEYS[1], 'active', on and '1' or '0')
  redis.call('HINCRBY', KEYS[1], 'gen', 1)
end
-- A live offer leaves every index: its seat, its person, its time.
local function forget(o)
  redis.call('HDEL', KEYS[5], o.id)
  redis.call('ZREM', KEYS[6], o.id)
  local k = o.scheduleId .. ' ' .. o.seat
  if redis.call('HGET', KEYS[4], k) == o.id then redis.call('HDEL', KEYS[4], k) end
end

if op == 'join' then
  local e = place(ARGV[3])
  if e and (e.state == 'waiting' or e.state == 'offered') then return {'ok', '0', gen(), cjson.encode(e), rank(e)} end
  if not active() then
    if ARGV[4] ~= '1' then return {'refused'} end
    flip(true)
  end
  local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
  e = {saleId = saleId, userId = ARGV[3], seq = string.format('%d', seq), state = 'waiting', joinedAt = now, endedAt = '', offer = cjson.null}
  save(e)
  redis.call('ZADD', KEYS[3], seq, e.userId)
  return {'ok', '1', gen(), cjson.encode(e), rank(e)}
elseif op == 'leave' then
  local e = place(ARGV[3])
  if not e then return {'none'} end
  local before = cjson.encode(e)
  if e.state == 'waiting' or e.state == 'offered' then
    redis.call('ZREM', KEYS[3], e.userId)
    if hasOffer(e) and redis.call('HGET', KEYS[5], e.offer.id) then forget(e.offer) end
    e.state = 'left'
    e.endedAt = now
    save(e)
  end
  return {'ok', before}
elseif op == 'activate' then
  if not active() then flip(true) end
  return {'ok', gen()}
elseif op == 'deactivate' then
  if redis.call('ZCARD', KEYS[3]) > 0 then return {'none'} end
  if active() then flip(false) end
  return {'ok', gen()}
elseif op == 'claim' then
  local offerId, scheduleId, seat = ARGV[3], ARGV[4], ARGV[5]
  local k = scheduleId .. ' ' .. seat
  local liveId = redis.call('HGET', KEYS[4], k)
  if liveId then
    local h = holderOf(liveId)
    if h then
      if h.offer.state == 'pending' or tonumber(h.offer.expiresAt) > tonumber(ARGV[6]) then return {'ok', 'busy'} end
      forget(h.offer)
      h.state = 'expired'
      h.endedAt = now
      save(h)
    else
      redis.call('HDEL', KEYS[4], k)
    end
  end
  local head = redis.call('ZRANGE', KEYS[3], 0, 0)
  if #head == 0 then return {'ok', 'empty'} end
  local e = place(head[1])
  redis.call('ZREM', KEYS[3], e.userId)
  e.offer = {id = offerId, scheduleId = scheduleId, seat = seat, state = 'pending', createdAt = now, expiresAt = ''}
  save(e)
  redis.call('HSET', KEYS[4], k, offerId)
  redis.call('HSET', KEYS[5], offerId, e.userId)
  redis.call('ZADD', KEYS[6], now, offerId)
  return {'ok', 'claimed', cjson.encode(e)}
end

local h = holderOf(ARGV[3])
if op == 'open' then
  if not h then return {'none'} end
  if h.state == 'waiting' then
    h.state = 'offered'
    h.offer.state = 'open'
    h.offer.expiresAt = ARGV[4]
    save(h)
    emit('waitlist.offered', now, saleId, h.userId, h.offer.scheduleId, table.concat({
      '{"reservationId":', cjson.encode(h.offer.scheduleId .. '.' .. h.offer.id), ',"expiresAt":', ARGV[4], '}'}))
  end
  return {'ok', cjson.encode(h)}
elseif op == 'undo' then
  if h and h.offer.state == 'pending' then
    forget(h.offer)
    h.offer = cjson.null
    save(h)
    if h.state == 'waiting' then redis.call('ZADD', KEYS[3], h.seq, h.userId) end
  end
  return {'ok'}
elseif op == 'settle' then
  if not h or h.state ~= 'offered' then return {'none'} end
  forget(h.offer)
  h.state = ARGV[4]
  h.endedAt = now
  save(h)
  return {'ok', cjson.encode(h)}
end
return redis.error_reply('waitlist-change: unknown op ' .. tostring(op))
