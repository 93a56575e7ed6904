-- payment-create: stores a pending payment unless the user already has one that is not aborted for the
-- reservation, or for the session (queue token): a session pays once.
-- KEYS[1] payments (hash id -> immutable JSON)   KEYS[2] payment states (hash id -> 'state|updatedAt|amount|entryIndex|failure')
-- KEYS[3] payment by reservation (hash reservationId -> paymentId, and 'session:' .. token -> paymentId;
--         reservation ids are safe ids, which never hold ':')
-- ARGV[1] payment id   ARGV[2] reservation id   ARGV[3] immutable JSON   ARGV[4] initial state string   ARGV[5] token
-- returns {'ok', created 0|1, json, state}
local sessionField = 'session:' .. ARGV[5]
for _, field in ipairs({ARGV[2], sessionField}) do
  local existing = redis.call('HGET', KEYS[3], field)
  if existing then
    local st = redis.call('HGET', KEYS[2], existing)
    local json = redis.call('HGET', KEYS[1], existing)
    if st and json and string.sub(st, 1, 8) ~= 'aborted|' then return {'ok', 0, json, st} end
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[1], sessionField, ARGV[1])
return {'ok', 1, ARGV[3], ARGV[4]}
