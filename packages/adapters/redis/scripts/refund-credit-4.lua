-- refund-credit: pending -> completed, adding the amount to the balance, appending a refund entry (ref: the refund
-- id) and refund.completed, in one step. No balance limit: a refund only rolls forward. completed: the earlier
-- result, unchanged.
-- KEYS[1] balance (string integer)   KEYS[2] ledger (list)   KEYS[3] refunds (hash id -> immutable JSON)
-- KEYS[4] refund states (hash id -> 'state|updatedAt|entryIndex')
-- ARGV[1] refund id   ARGV[2] ledger entry id   ARGV[3] now   ARGV[4..7] the event stream, its bound, the user id and the stream index (see event.lua)
-- returns {'ok', json, state, balance, entry} or {'refund_not_found'}
-- @include event
local id = ARGV[1]
local json = redis.call('HGET', KEYS[3], id)
local v = redis.call('HGET', KEYS[4], id)
if not json or not v then return {'refund_not_found'} end
local st, _, index = string.match(v, '^([^|]*)|([^|]*)|(.*)$')
if st == 'completed' then
  return {'ok', json, v, redis.call('GET', KEYS[1]) or '0', redis.call('LINDEX', KEYS[2], index)}
end
local r = cjson.decode(json)
local amount = int(r.amount)
local after = string.format('%d', redis.call('INCRBY', KEYS[1], amount))
local entry = table.concat({ARGV[2], 'refund', amount, after, ARGV[3], id}, '\t')
local length = redis.call('RPUSH', KEYS[2], entry)
v = table.concat({'completed', ARGV[3], string.format('%d', length - 1)}, '|')
redis.call('HSET', KEYS[4], id, v)
emit('refund.completed', ARGV[3], r.saleId, r.userId, string.match(r.reservationId, '^([^.]+)%..'), table.concat({
  '{"refundId":', cjson.encode(id), ',"paymentId":', cjson.encode(r.paymentId), ',"reservationId":',
  cjson.encode(r.reservationId), ',"amount":', amount, '}'}))
return {'ok', json, v, after, entry}
