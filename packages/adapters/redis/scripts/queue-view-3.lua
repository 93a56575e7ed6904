-- queue-view: a token with its position; a status poll also records a heartbeat when the token is waiting.
-- KEYS[1] the token's record (hash)   KEYS[2] waiting zset   KEYS[3] heartbeat zset
-- ARGV[1] token   ARGV[2] heartbeatAt, or '' for a read without heartbeat
-- returns {'ok', position, u, st, seq, ea, ls, aa, au, ee}, or {'none'} when unknown
local F = {'u', 'st', 'seq', 'ea', 'ls', 'aa', 'au', 'ee'}
local rec = redis.call('HMGET', KEYS[1], unpack(F))
if not rec[2] then return {'none'} end
for i = 1, #F do if not rec[i] then rec[i] = '' end end
local position = ''
if rec[2] == 'waiting' then
  if ARGV[2] ~= '' then
    local seen = math.max(tonumber(rec[5]), tonumber(ARGV[2]))
    rec[5] = string.format('%d', seen)
    redis.call('HSET', KEYS[1], 'ls', rec[5])
    redis.call('ZADD', KEYS[3], rec[5], ARGV[1])
  end
  local rank = redis.call('ZRANK', KEYS[2], ARGV[1])
  if rank then position = rank + 1 end
end
return {'ok', position, unpack(rec)}
