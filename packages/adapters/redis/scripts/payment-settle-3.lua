-- payment-settle: abort (pending -> aborted with a failure code) or complete (debited -> completed).
-- Any other state is returned unchanged: the caller reads which step won. An abort of an id never stored leaves a
-- tombstone (KEYS[3], kept a day: far longer than any request can stall), so payment-create refuses that id later.
-- KEYS[1] payments (hash id -> immutable JSON)   KEYS[2] payment states (hash id -> 'state|updatedAt|amount|entryIndex|failure')
-- KEYS[3] this id's tombstone
-- ARGV[1] 'abort' or 'complete'   ARGV[2] payment id   ARGV[3] now   ARGV[4] failure code (abort only)
-- ARGV[5..8] the event stream, its bound, the user id and the stream index (see event.lua)
-- returns {'ok', json, state}, or {'none'} when unknown
-- @include event
local id = ARGV[2]
local json = redis.call('HGET', KEYS[1], id)
local v = redis.call('HGET', KEYS[2], id)
if not json or not v then
  if ARGV[1] == 'abort' and not v then redis.call('SET', KEYS[3], ARGV[4], 'PX', 86400000) end
  return {'none'}
end
-- payment.completed or payment.aborted, from the stored payment.
local function announce(type, failure)
  local p = cjson.decode(json)
  local schedule = string.match(p.reservationId, '^([^.]+)%..')
  local data = {'{"paymentId":', cjson.encode(id), ',"reservationId":', cjson.encode(p.reservationId), ',"token":',
    cjson.encode(p.token), ',"amount":', int(p.amount)}
  if failure then
    data[#data + 1] = ',"failure":'
    data[#data + 1] = cjson.encode(failure)
  end
  data[#data + 1] = '}'
  emit(type, ARGV[3], p.queueId, p.userId, schedule, table.concat(data))
end
local st, _, amount, index = string.match(v, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|')
if ARGV[1] == 'abort' and st == 'pending' then
  v = table.concat({'aborted', ARGV[3], amount, index, ARGV[4]}, '|')
  redis.call('HSET', KEYS[2], id, v)
  announce('payment.aborted', ARGV[4])
elseif ARGV[1] == 'complete' and st == 'debited' then
  v = table.concat({'completed', ARGV[3], amount, index, ''}, '|')
  redis.call('HSET', KEYS[2], id, v)
  announce('payment.completed', nil)
end
return {'ok', json, v}
