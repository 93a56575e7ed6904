-- refund-read: one refund by id, or the user's refund of a payment.
-- KEYS[1] refunds (hash id -> immutable JSON)   KEYS[2] refund states (hash id -> 'state|updatedAt|entryIndex')
-- KEYS[3] refund by payment (hash paymentId -> refundId)
-- ARGV[1] 'id' or 'payment'   ARGV[2] the refund id or payment id
-- returns {'ok', json, state}, or {'none'}
local id = ARGV[2]
if ARGV[1] == 'payment' then
  id = redis.call('HGET', KEYS[3], ARGV[2])
  if not id then return {'none'} end
end
local json = redis.call('HGET', KEYS[1], id)
local st = redis.call('HGET', KEYS[2], id)
if not json or not st then return {'none'} end
return {'ok', json, st}
