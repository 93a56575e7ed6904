-- queue-end: leave (waiting|active -> expired) or complete (active -> completed); an ended token is returned unchanged.
-- KEYS[1] the token's record (hash)   KEYS[2] waiting zset   KEYS[3] heartbeat zset   KEYS[4] active zset
-- KEYS[5] live token by user (hash)
-- ARGV[1] token   ARGV[2] 'expired' (leave) or 'completed' (complete)   ARGV[3] now
-- ARGV[4] ended-token TTL in ms: ended records expire so memory stays bounded
-- returns {'ok', u, st, seq, ea, ls, aa, au, ee}, or {'none'} when unknown
local F = {'u', 'st', 'seq', 'ea', 'ls', 'aa', 'au', 'ee'}
local rec = redis.call('HMGET', KEYS[1], unpack(F))
if not rec[2] then return {'none'} end
for i = 1, #F do if not rec[i] then rec[i] = '' end end
local token, to = ARGV[1], ARGV[2]
local from = rec[2]
if from == 'active' or (from == 'waiting' and to == 'expired') then
  if from == 'waiting' then
    redis.call('ZREM', KEYS[2], token)
    redis.call('ZREM', KEYS[3], token)
  else
    redis.call('ZREM', KEYS[4], token)
  end
  redis.call('HSET', KEYS[1], 'st', to, 'ee', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  if redis.call('HGET', KEYS[5], rec[1]) == token then redis.call('HDEL', KEYS[5], rec[1]) end
  rec[2] = to
  rec[8] = ARGV[3]
end
return {'ok', unpack(rec)}
