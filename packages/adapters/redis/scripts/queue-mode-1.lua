-- queue-mode: the sale's mode reaches its queue, fenced by the sale's version: applied only when ARGV[2] is above
-- the version the queue holds, so a host with an older copy of the sale never undoes a newer change. Entering
-- paused starts a pause at now; leaving it adds the pause to pausedMs (the idle clocks' pause-free time).
-- KEYS[1] queue meta (hash: mode, modeVersion, pausedAt, pausedMs)
-- ARGV[1] mode   ARGV[2] sale version   ARGV[3] now
-- returns 1 when applied, 0 when the queue holds that version or a newer one
local meta = redis.call('HMGET', KEYS[1], 'modeVersion', 'pausedAt', 'pausedMs')
if tonumber(meta[1] or '0') >= tonumber(ARGV[2]) then return 0 end
local now = tonumber(ARGV[3])
if ARGV[1] == 'paused' and not meta[2] then redis.call('HSET', KEYS[1], 'pausedAt', ARGV[3]) end
if ARGV[1] ~= 'paused' and meta[2] then
  local ms = tonumber(meta[3] or '0') + math.max(0, now - tonumber(meta[2]))
  redis.call('HSET', KEYS[1], 'pausedMs', string.format('%d', ms))
  redis.call('HDEL', KEYS[1], 'pausedAt')
end
redis.call('HSET', KEYS[1], 'mode', ARGV[1], 'modeVersion', ARGV[2])
return 1
