-- idempotency-end: finish keeps the answer for replay; abandon forgets an in-progress record; renew extends
-- the lease of an in-progress record that has not lapsed.
-- KEYS[1] the record (hash fp, exp, resp)
-- ARGV[1] 'finish' | 'abandon' | 'renew'
-- ARGV[2] response JSON (finish) or now (renew)   ARGV[3] expiresAt (finish, renew)   ARGV[4] Redis TTL in ms (finish, renew)
-- returns 1 when the record changed, else 0
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] == 'finish' then
  redis.call('HSET', KEYS[1], 'resp', ARGV[2], 'exp', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return 1
end
if redis.call('HEXISTS', KEYS[1], 'resp') == 1 then return 0 end
if ARGV[1] == 'renew' then
  if tonumber(redis.call('HGET', KEYS[1], 'exp')) <= tonumber(ARGV[2]) then return 0 end
  redis.call('HSET', KEYS[1], 'exp', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return 1
end
redis.call('DEL', KEYS[1])
return 1
