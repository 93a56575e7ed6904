-- audit-entry: shared by the scripts that append to the audit log, spliced in at `-- @include audit-entry`.
-- An entry's id is the next value of the counter, its score the same number, so newest first is ZREVRANGEBYSCORE
-- and a page's cursor is the last id read. The draft is core's JSON object; the id goes in front of its members.
local function appendEntry(logKey, counterKey, draft)
  local id = redis.call('INCR', counterKey)
  local entry = '{"id":"' .. string.format('%d', id) .. '",' .. string.sub(draft, 2)
  redis.call('ZADD', logKey, id, entry)
  return entry
end
