-- waitlist-read: reads of a sale's waiting list.
--   get: ARGV[2] userId -> {'ok', place, position ('' = none)} | {'none'}
--   meta -> {'ok', active '1'|'0', gen, waiting}
--   offers: ARGV[2] limit -> {'ok', place...}: places with a live offer, oldest offer first
-- KEYS as waitlist-entry.lua   ARGV[1] op
-- returns the reply after each op's arrow above
-- @include waitlist-entry
local op = ARGV[1]
if op == 'get' then
  local e = place(ARGV[2])
  if not e then return {'none'} end
  return {'ok', cjson.encode(e), rank(e)}
elseif op == 'meta' then
  return {'ok', redis.call('HGET', KEYS[1], 'active') or '0', gen(), tostring(redis.call('ZCARD', KEYS[3]))}
end
local out = {'ok'}
for _, offerId in ipairs(redis.call('ZRANGE', KEYS[6], 0, tonumber(ARGV[2]) - 1)) do
  local e = holderOf(offerId)
  if e then out[#out + 1] = cjson.encode(e) end
end
return out
