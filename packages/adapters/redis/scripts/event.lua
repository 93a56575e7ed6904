-- event: the outbox, spliced into every script that changes state (`-- @include event`).
-- The script's last EVENT_ARGS (4) ARGV are this partition's event stream (a key of the script's own hash tag, made
-- by keys.ts), its MAXLEN ~ bound, the partition's id (the queue, user or schedule id), and the index of streams
-- (keys.ts eventIndex: in the stream's slot). emit() appends one event in the calling script, so an event exists if
-- and only if its change happened, and raises the stream's score in the index to the event's ms in the same step,
-- so the feed reads only the streams with events after its cursor. The stream entry id is the event's place; the
-- entry's one field `e` is the event without its id, as JSON.
local EVENT_ARGS = 4
local EVENT_STREAM, EVENT_MAXLEN, EVENT_OWNER, EVENT_INDEX = ARGV[#ARGV - 3], ARGV[#ARGV - 2], ARGV[#ARGV - 1], ARGV[#ARGV]
local function jsonId(s)
  if s == nil or s == '' then return 'null' end
  return cjson.encode(s)
end
-- `at` and the numbers inside `data` are decimal strings the caller made (Lua's own number format loses digits).
local function emit(type, at, sale, user, schedule, data)
  local id = redis.call('XADD', EVENT_STREAM, 'MAXLEN', '~', EVENT_MAXLEN, '*', 'e', table.concat({
    '{"type":', cjson.encode(type), ',"at":', at, ',"saleId":', jsonId(sale), ',"userId":', jsonId(user),
    ',"scheduleId":', jsonId(schedule), ',"data":', data, '}'}))
  -- GT: a stream's score only grows (ids do), whatever order the calls come in.
  redis.call('ZADD', EVENT_INDEX, 'GT', string.match(id, '^%d+'), EVENT_STREAM)
end
local function int(n) return string.format('%d', n) end
-- reservation.released of a stored reservation (its immutable JSON) for `reason`.
local function emitReleased(id, json, reason, at)
  local r = cjson.decode(json)
  local seats = {}
  for i, n in ipairs(r.seats) do seats[i] = int(n) end
  emit('reservation.released', at, nil, r.userId, r.scheduleId, table.concat({
    '{"reservationId":', cjson.encode(id), ',"seats":[', table.concat(seats, ','), '],"reason":', cjson.encode(reason), '}'}))
end
