-- catalog-list: every concert JSON, in the order first saved.
-- KEYS[1] concerts (hash id -> JSON)   KEYS[2] concert order (list of ids)
-- ARGV: none
-- returns the concert JSONs
local out = {}
for _, id in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local json = redis.call('HGET', KEYS[1], id)
  if json then out[#out + 1] = json end
end
return out
