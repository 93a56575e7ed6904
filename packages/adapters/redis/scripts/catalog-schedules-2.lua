-- catalog-schedules: one concert's schedules with their seats, read together.
-- KEYS[1] schedule ids by concert (hash id -> JSON array)   KEYS[2] schedules (hash scheduleId -> JSON)
-- ARGV[1] concert id
-- returns {'ok', schedule JSON...} in the concert's order, or {'none'} for an unknown concert
local ids = redis.call('HGET', KEYS[1], ARGV[1])
if not ids then return {'none'} end
local out = {'ok'}
for _, sid in ipairs(cjson.decode(ids)) do
  local json = redis.call('HGET', KEYS[2], sid)
  if json then out[#out + 1] = json end
end
return out
