-- seat-get: one reservation as stored (callers apply lazy expiry).
-- KEYS[1] reservations (hash id -> immutable JSON)   KEYS[2] reservation states (hash id -> 'state|expiresAt|paymentId')
-- ARGV[1] reservation id
-- returns {'ok', json, state}, or {'none'} when unknown
local json = redis.call('HGET', KEYS[1], ARGV[1])
local st = redis.call('HGET', KEYS[2], ARGV[1])
if not json or not st then return {'none'} end
return {'ok', json, st}
