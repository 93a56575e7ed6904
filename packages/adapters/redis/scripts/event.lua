-- event: the outbox, spliced into every script that changes state (`-- @include event`).
-- The script's last three ARGV are this partition's event stream (a key of the script's own hash tag, made by
-- keys.ts), its MAXLEN ~ bound, and the partition's id (the queue, user or schedule id). emit() appends one event
-- in the calling script, so an event exists if and only if its change happened. The stream entry id is the
-- event's place; the entry's one field `e` is the event without its id, as JSON.
local EVENT_STREAM, EVENT_MAXLEN, EVENT_OWNER = ARGV[#ARGV - 2], ARGV[#ARGV - 1], ARGV[#ARGV]
local function jsonId(s)
  if s == nil or s == '' then return 'null' end
  return cjson.encode(s)
end
-- `at` and the numbers inside `data` are decimal strings the caller made (Lua's own number format loses digits).
local function emit(type, at, sale, user, schedule, data)
  redis.call('XADD', EVENT_STREAM, 'MAXLEN', '~', EVENT_MAXLEN, '*', 'e', table.concat({
    '{"type":', cjson.encode(type), ',"at":', at, ',"saleId":', jsonId(sale), ',"userId":', jsonId(user),
    ',"scheduleId":', jsonId(schedule), ',"data":', data, '}'}))
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
