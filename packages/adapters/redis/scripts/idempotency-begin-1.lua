-- idempotency-begin: with no live record, stores an in-progress one and answers started; otherwise answers
-- replay (finished, same fingerprint), in_progress, or mismatch (another fingerprint).
-- Logical expiry uses the caller's clock (field exp); the Redis TTL only bounds memory and has slack.
-- KEYS[1] the record (hash fp, exp, resp)
-- ARGV[1] fingerprint   ARGV[2] now   ARGV[3] expiresAt (now + ttl)   ARGV[4] Redis TTL in ms
-- returns {'started'}, {'in_progress'}, {'mismatch'} or {'replay', response JSON}
local rec = redis.call('HMGET', KEYS[1], 'fp', 'exp', 'resp')
if not rec[1] or tonumber(rec[2]) <= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'exp', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return {'started'}
end
if rec[1] ~= ARGV[1] then return {'mismatch'} end
if not rec[3] then return {'in_progress'} end
return {'replay', rec[3]}
