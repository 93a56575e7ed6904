-- payment-settle: abort (pending -> aborted with a failure code) or complete (debited -> completed).
-- Any other state is returned unchanged: the caller reads which step won.
-- KEYS[1] payments (hash id -> immutable JSON)   KEYS[2] payment states (hash id -> 'state|updatedAt|amount|entryIndex|failure')
-- ARGV[1] 'abort' or 'complete'   ARGV[2] payment id   ARGV[3] now   ARGV[4] failure code (abort only)
-- returns {'ok', json, state}, or {'none'} when unknown
local id = ARGV[2]
local json = redis.call('HGET', KEYS[1], id)
local v = redis.call('HGET', KEYS[2], id)
if not json or not v then return {'none'} end
local st, _, amount, index = string.match(v, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|')
if ARGV[1] == 'abort' and st == 'pending' then
  v = table.concat({'aborted', ARGV[3], amount, index, ARGV[4]}, '|')
  redis.call('HSET', KEYS[2], id, v)
elseif ARGV[1] == 'complete' and st == 'debited' then
  v = table.concat({'completed', ARGV[3], amount, index, ''}, '|')
  redis.call('HSET', KEYS[2], id, v)
end
return {'ok', json, v}
