-- payment-read: one payment by id, or the user's payment for a reservation (aborted ones are not returned then).
-- KEYS[1] payments (hash id -> immutable JSON)   KEYS[2] payment states (hash id -> 'state|updatedAt|amount|entryIndex|failure')
-- KEYS[3] payment by reservation (hash reservationId -> paymentId)   KEYS[4] the id's tombstone ('id' reads)
-- ARGV[1] 'id' or 'reservation'   ARGV[2] the payment id or reservation id
-- returns {'ok', json, state}, {'none', 'tombstone'} (an id aborted before it was ever stored), or {'none'}
local id = ARGV[2]
if ARGV[1] == 'reservation' then
  id = redis.call('HGET', KEYS[3], ARGV[2])
  if not id then return {'none'} end
end
local json = redis.call('HGET', KEYS[1], id)
local st = redis.call('HGET', KEYS[2], id)
if not json or not st then
  if ARGV[1] == 'id' and redis.call('EXISTS', KEYS[4]) == 1 then return {'none', 'tombstone'} end
  return {'none'}
end
if ARGV[1] == 'reservation' and string.sub(st, 1, 8) == 'aborted|' then return {'none'} end
return {'ok', json, st}
