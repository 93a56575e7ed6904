-- payment-debit: pending -> debited, subtracting the amount and appending a payment entry in the same step.
-- This step is the fence between finishing a payment and the recovery sweep aborting it.
-- debited or completed: the earlier result, unchanged.
-- KEYS[1] balance (string integer)   KEYS[2] ledger (list)   KEYS[3] payments (hash id -> immutable JSON)
-- KEYS[4] payment states (hash id -> 'state|updatedAt|amount|entryIndex|failure')
-- ARGV[1] payment id   ARGV[2] ledger entry id   ARGV[3] now
-- returns {'ok', json, state, balance, entry}, {'payment_not_found'}, {'payment_aborted'},
-- or {'insufficient_balance', balance, amount}
local id = ARGV[1]
local json = redis.call('HGET', KEYS[3], id)
local v = redis.call('HGET', KEYS[4], id)
if not json or not v then return {'payment_not_found'} end
local st, _, amount, index = string.match(v, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|')
if st == 'aborted' then return {'payment_aborted'} end
local balance = redis.call('GET', KEYS[1]) or '0'
if st ~= 'pending' then
  return {'ok', json, v, balance, redis.call('LINDEX', KEYS[2], index)}
end
if tonumber(balance) < tonumber(amount) then return {'insufficient_balance', balance, amount} end
local after = string.format('%d', redis.call('DECRBY', KEYS[1], amount))
local entry = table.concat({ARGV[2], 'payment', amount, after, ARGV[3], id}, '\t')
local length = redis.call('RPUSH', KEYS[2], entry)
v = table.concat({'debited', ARGV[3], amount, string.format('%d', length - 1), ''}, '|')
redis.call('HSET', KEYS[4], id, v)
return {'ok', json, v, after, entry}
