-- waitlist-entry: the shared helpers of the waiting-list scripts (`-- @include waitlist-entry`).
-- KEYS[1] meta (hash active, gen, seq)   KEYS[2] places (hash userId -> place JSON)
-- KEYS[3] line (zset userId by seq: waiting without an offer)   KEYS[4] seat offers (hash 'scheduleId seat' -> offerId)
-- KEYS[5] live offers (hash offerId -> userId)   KEYS[6] offer times (zset offerId by createdAt)
-- A place's numbers are the decimal strings the caller sent (Lua's own number format loses digits); '' is null.
local function place(userId)
  local j = redis.call('HGET', KEYS[2], userId)
  if j then return cjson.decode(j) end
  return nil
end
local function save(e) redis.call('HSET', KEYS[2], e.userId, cjson.encode(e)) end
local function hasOffer(e) return e.offer ~= nil and e.offer ~= cjson.null end
-- The place whose live offer is offerId, or nil.
local function holderOf(offerId)
  local u = redis.call('HGET', KEYS[5], offerId)
  if not u then return nil end
  local e = place(u)
  if e and hasOffer(e) and e.offer.id == offerId then return e end
  return nil
end
local function rank(e)
  if e.state ~= 'waiting' then return '' end
  local r = redis.call('ZRANK', KEYS[3], e.userId)
  if r then return tostring(r + 1) end
  return ''
end
local function gen() return redis.call('HGET', KEYS[1], 'gen') or '0' end
