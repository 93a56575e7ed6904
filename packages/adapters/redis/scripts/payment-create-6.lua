-- payment-create: stores a payment unless the user already has one that is not aborted for the reservation, or for
-- the session (queue token): a session pays once. An id stored before is answered as it stands, and an id aborted
-- before it was ever stored (a tombstone, see payment-settle) is refused: a stalled request cannot bring it back.
-- 'create' stores it pending; 'record' stores it debited, subtracting its amount and appending its payment ledger
-- entry in the same step (create and debit at once), or refuses with nothing stored when the balance is short.
-- KEYS[1] payments (hash id -> immutable JSON)   KEYS[2] payment states (hash id -> 'state|updatedAt|amount|entryIndex|failure')
-- KEYS[3] payment by reservation (hash reservationId -> paymentId, and 'session:' .. token -> paymentId;
--         reservation ids are safe ids, which never hold ':')
-- KEYS[4] this id's tombstone   KEYS[5] balance (string integer)   KEYS[6] ledger (list)
-- ARGV[1] payment id   ARGV[2] reservation id   ARGV[3] immutable JSON   ARGV[4] initial state string (create)
-- ARGV[5] token   ARGV[6] 'create' | 'record'   ARGV[7] ledger entry id (record)   ARGV[8] now (record)   ARGV[9] amount (record)
-- returns {'ok', created 0|1, json, state}, {'none', 'tombstone'}, or {'insufficient_balance', balance, amount}
local id = ARGV[1]
local sessionField = 'session:' .. ARGV[5]
local st = redis.call('HGET', KEYS[2], id)
if st then return {'ok', 0, redis.call('HGET', KEYS[1], id), st} end
if redis.call('EXISTS', KEYS[4]) == 1 then return {'none', 'tombstone'} end
for _, field in ipairs({ARGV[2], sessionField}) do
  local existing = redis.call('HGET', KEYS[3], field)
  if existing then
    local other = redis.call('HGET', KEYS[2], existing)
    local json = redis.call('HGET', KEYS[1], existing)
    if other and json and string.sub(other, 1, 8) ~= 'aborted|' then return {'ok', 0, json, other} end
  end
end
local state = ARGV[4]
if ARGV[6] == 'record' then
  local balance = redis.call('GET', KEYS[5]) or '0'
  if tonumber(balance) < tonumber(ARGV[9]) then return {'insufficient_balance', balance, ARGV[9]} end
  local after = string.format('%d', redis.call('DECRBY', KEYS[5], ARGV[9]))
  local length = redis.call('RPUSH', KEYS[6], table.concat({ARGV[7], 'payment', ARGV[9], after, ARGV[8], id}, '\t'))
  state = table.concat({'debited', ARGV[8], ARGV[9], string.format('%d', length - 1), ''}, '|')
end
redis.call('HSET', KEYS[1], id, ARGV[3])
redis.call('HSET', KEYS[2], id, state)
redis.call('HSET', KEYS[3], ARGV[2], id, sessionField, id)
return {'ok', 1, ARGV[3], state}
