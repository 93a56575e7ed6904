-- queue-status: a batch of status reads of one queue (issue 17's batched status path), each answered as queue-view
-- would, all in one atomic step. A poll of a waiting token by its own user is a heartbeat, written only when it moves
-- lastSeenAt on by `slack` or more (core's pace: a long line's heartbeats are coarse); others record nothing.
-- The record goes back as stored (the client decodes it), so the script does no per-field work for the reply.
-- KEYS[1] live token records (hash token -> record)   KEYS[2] waiting zset   KEYS[3] heartbeat zset (pause-free clock)
-- KEYS[4] pre-queue still waiting (lex zset)   KEYS[5] queue meta (hash: openedAt, pausedMs, pausedAt)
-- ARGV[1] ended record key prefix (ARGV[1]..token, same hash tag, made by keys.ts)   ARGV[2] slack in ms
-- ARGV[3..] one triple per read: token, heartbeatAt or '' (no heartbeat), the polling user
-- returns {openedAt or '', then per read: position or '', record or '' (unknown token)}
-- @include queue-record

local meta = redis.call('HMGET', KEYS[5], 'openedAt', 'pausedMs', 'pausedAt')
local opened = meta[1]
local pausedMs, pausedAt = tonumber(meta[2] or '0'), tonumber(meta[3] or '')
local slack = tonumber(ARGV[2])
local preCount = nil
local out = {opened or ''}
for i = 3, #ARGV, 3 do
  local token, at, user = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local raw = redis.call('HGET', KEYS[1], token)
  local position = ''
  if not raw then
    raw = redis.call('GET', ARGV[1] .. token) or ''
  elseif string.find(raw, 'waiting|', 1, true) == 1 then
    -- Only lastSeenAt (the 4th field) is read unless a heartbeat is due: most polls of a long line write nothing.
    if at ~= '' then
      local t = tonumber(at)
      local seen = tonumber(string.match(raw, '^[^|]*|[^|]*|[^|]*|(%d+)|'))
      if t > seen and t - seen >= slack then
        local rec = parse(raw)
        if rec[1] == user then
          rec[5] = string.format('%d', t)
          raw = format(rec)
          redis.call('HSET', KEYS[1], token, raw)
          -- The pause-free clock (see unpaused in queue-record), from the meta read once for the batch.
          local paused = pausedMs
          if pausedAt then paused = paused + math.max(0, t - pausedAt) end
          redis.call('ZADD', KEYS[3], 'GT', t - paused, token)
        end
      end
    end
    -- A token without a draw key is in the line; a drawn one (the pre-queue) is ranked by its draw key once open.
    local rank = redis.call('ZRANK', KEYS[2], token)
    if rank then
      if not preCount then preCount = redis.call('ZCARD', KEYS[4]) end
      position = preCount + rank + 1
    elseif opened then
      local dk = string.match(raw, '^[^|]*|[^|]*|[^|]*|[^|]*|[^|]*|[^|]*|[^|]*|(%x+)|')
      if dk then
        local drawn = redis.call('ZRANK', KEYS[4], dk .. token)
        if drawn then position = drawn + 1 end
      end
    end
  end
  out[#out + 1] = position
  out[#out + 1] = raw
end
return out
