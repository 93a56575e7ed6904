-- wallet-charge: adds amount and appends a charge entry in one step, so the balance always equals its ledger.
-- A key seen before replays the first charge; with another amount it is refused.
-- KEYS[1] balance (string integer)   KEYS[2] ledger (list, oldest first)   KEYS[3] charge keys (hash key -> 'amount|index')
-- ARGV[1] amount   ARGV[2] maxBalance   ARGV[3] entryId   ARGV[4] '1' when ARGV[5] is an idempotency key, else '0'
-- ARGV[5] idempotency key   ARGV[6] now   ARGV[7..10] the event stream, its bound, the user id and the stream index (see event.lua)
-- ledger entry: 'id\ttype\tamount\tbalanceAfter\tat\tref' (ref last: it may hold any character)
-- returns {'ok', balance, entry, replayed 0|1}, {'idempotency_mismatch'}, or {'balance_limit', balance, maxBalance}
-- @include event
local amount, max = tonumber(ARGV[1]), tonumber(ARGV[2])
local keyed = ARGV[4] == '1'
if keyed then
  local seen = redis.call('HGET', KEYS[3], ARGV[5])
  if seen then
    local was, index = string.match(seen, '^([^|]*)|(.*)$')
    if was ~= ARGV[1] then return {'idempotency_mismatch'} end
    local balance = redis.call('GET', KEYS[1]) or '0'
    return {'ok', balance, redis.call('LINDEX', KEYS[2], index), 1}
  end
end
local balance = tonumber(redis.call('GET', KEYS[1]) or '0')
if balance + amount > max then
  return {'balance_limit', string.format('%d', balance), ARGV[2]}
end
local after = redis.call('INCRBY', KEYS[1], ARGV[1])
local ref = ARGV[3]
if keyed then ref = ARGV[5] end
local entry = table.concat({ARGV[3], 'charge', ARGV[1], string.format('%d', after), ARGV[6], ref}, '\t')
local length = redis.call('RPUSH', KEYS[2], entry)
if keyed then redis.call('HSET', KEYS[3], ARGV[5], ARGV[1] .. '|' .. string.format('%d', length - 1)) end
emit('wallet.charged', ARGV[6], nil, EVENT_OWNER, nil, table.concat({
  '{"entryId":', cjson.encode(ARGV[3]), ',"amount":', ARGV[1], ',"balance":', int(after), '}'}))
return {'ok', string.format('%d', after), entry, 0}
