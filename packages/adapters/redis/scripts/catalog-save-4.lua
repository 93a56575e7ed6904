-- catalog-save: stores or replaces a concert with its schedules; a new concert goes to the end of the list.
-- The summary, each schedule and the schedule ids are stored apart, so listing concerts or ticking
-- never moves the seat lists.
-- KEYS[1] concert summaries (hash id -> JSON {id, name, venue})   KEYS[2] concert order (list of ids)
-- KEYS[3] schedules (hash scheduleId -> JSON with seats)   KEYS[4] schedule ids by concert (hash id -> JSON array)
-- ARGV[1] concert id   ARGV[2] summary JSON   ARGV[3] JSON array of its schedule ids   ARGV[4..] schedule JSONs, same order
-- returns 1 when new, 0 when replaced
local old = redis.call('HGET', KEYS[4], ARGV[1])
if old then
  for _, sid in ipairs(cjson.decode(old)) do redis.call('HDEL', KEYS[3], sid) end
end
local isNew = redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if isNew == 1 then redis.call('RPUSH', KEYS[2], ARGV[1]) end
local ids = cjson.decode(ARGV[3])
for i, sid in ipairs(ids) do redis.call('HSET', KEYS[3], sid, ARGV[3 + i]) end
redis.call('HSET', KEYS[4], ARGV[1], ARGV[3])
return isNew
