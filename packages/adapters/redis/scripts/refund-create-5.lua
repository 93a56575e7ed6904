-- refund-create: the refund fence. Stores a pending refund if the user's payment is completed and has no refund
-- yet; a payment that has one returns it (created 0), whatever its state.
-- KEYS[1] payments (hash id -> immutable JSON)   KEYS[2] payment states (hash id -> 'state|updatedAt|amount|entryIndex|failure')
-- KEYS[3] refunds (hash id -> immutable JSON)   KEYS[4] refund states (hash id -> 'state|updatedAt|entryIndex')
-- KEYS[5] refund by payment (hash paymentId -> refundId)
-- ARGV[1] refund id   ARGV[2] payment id   ARGV[3] immutable JSON   ARGV[4] initial state string
-- returns {'ok', created 0|1, json, state}, {'payment_not_found'} or {'payment_not_refundable', paymentState}
local existing = redis.call('HGET', KEYS[5], ARGV[2])
if existing then
  local json = redis.call('HGET', KEYS[3], existing)
  local st = redis.call('HGET', KEYS[4], existing)
  if json and st then return {'ok', 0, json, st} end
end
local pv = redis.call('HGET', KEYS[2], ARGV[2])
if not pv or redis.call('HEXISTS', KEYS[1], ARGV[2]) == 0 then return {'payment_not_found'} end
local pst = string.match(pv, '^([^|]*)|')
if pst ~= 'completed' then return {'payment_not_refundable', pst} end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[4])
redis.call('HSET', KEYS[5], ARGV[2], ARGV[1])
return {'ok', 1, ARGV[3], ARGV[4]}
