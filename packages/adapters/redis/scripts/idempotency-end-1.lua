-- idempotency-end: finish keeps the answer for replay; abandon forgets an in-progress record.
-- KEYS[1] the record (hash fp, exp, resp)
-- ARGV[1] 'finish' or 'abandon'   ARGV[2] response JSON (finish)   ARGV[3] expiresAt (finish)   ARGV[4] Redis TTL in ms (finish)
-- returns 1 when the record changed, else 0
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] == 'finish' then
  redis.call('HSET', KEYS[1], 'resp', ARGV[2], 'exp', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return 1
end
if redis.call('HEXISTS', KEYS[1], 'resp') == 0 then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
