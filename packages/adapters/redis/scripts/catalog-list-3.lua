-- catalog-list: the concerts in the order first saved, as summaries or as their schedule id arrays.
-- KEYS[1] concert summaries (hash id -> JSON)   KEYS[2] concert order (list of ids)
-- KEYS[3] schedule ids by concert (hash id -> JSON array)
-- ARGV[1] 'concerts' (summaries) or 'scheduleIds' (one JSON array of ids per concert)
-- returns a list of JSON strings, in concert order
local from = KEYS[1]
if ARGV[1] == 'scheduleIds' then from = KEYS[3] end
local out = {}
for _, id in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local json = redis.call('HGET', from, id)
  if json then out[#out + 1] = json end
end
return out
