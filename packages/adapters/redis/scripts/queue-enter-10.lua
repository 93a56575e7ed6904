-- queue-enter: return the user's live token (a heartbeat if waiting); else, unless the queue is sealed, store a
-- new waiting token: a pre-queue token (with a draw key, before the opening) in the draw, any other at the tail.
-- KEYS[1] seq counter (string)   KEYS[2] waiting zset (token -> seq), the line after the pre-queue
-- KEYS[3] heartbeat zset (token -> lastSeenAt)   KEYS[4] live token by user (hash userId -> token)
-- KEYS[5] live token records (hash token -> record)   KEYS[6] pre-queue still waiting (zset, score 0, member drawKey..token)
-- KEYS[7] the whole draw (same shape, never trimmed)   KEYS[8] queue meta (hash: openedAt, sealed, mode, pauses)
-- KEYS[9] active zset (token -> activeUntil)   KEYS[10] admission log zset (token -> activatedAt)
-- ARGV[1] new token   ARGV[2] userId   ARGV[3] enteredAt   ARGV[4] lastSeenAt   ARGV[5] drawKey or ''
-- ARGV[6] sessionTtlMs or '': under mode passthrough, once open, a newcomer is active at once for that long
-- ARGV[7..10] the event stream, its bound, the queue id and the stream index (see event.lua): a newcomer let straight in is admitted
-- returns {'ok', created 0|1, position, openedAt, token, u, st, seq, ea, ls, aa, au, ee, dk, er}, or {'refused', reason}
-- (reason: the seal's, or 'reject' under mode reject)
-- @include queue-record

local function position(rec, token, opened)
  if rec[2] ~= 'waiting' then return '' end
  if rec[9] ~= '' then
    if not opened then return '' end
    return redis.call('ZRANK', KEYS[6], rec[9] .. token) + 1
  end
  return redis.call('ZCARD', KEYS[6]) + redis.call('ZRANK', KEYS[2], token) + 1
end

local now = tonumber(ARGV[3])
local meta = redis.call('HMGET', KEYS[8], 'openedAt', 'sealed', 'mode')
local opened = meta[1]
local live = redis.call('HGET', KEYS[4], ARGV[2])
if live then
  local raw = redis.call('HGET', KEYS[5], live)
  if raw then
    local rec = parse(raw)
    if rec[2] == 'waiting' then
      rec[5] = string.format('%d', math.max(tonumber(rec[5]), now))
      redis.call('HSET', KEYS[5], live, format(rec))
      redis.call('ZADD', KEYS[3], 'GT', unpaused(KEYS[8], now), live)
    end
    return {'ok', 0, position(rec, live, opened), opened or '', live, unpack(rec)}
  end
end
if meta[2] then return {'refused', meta[2]} end
if meta[3] == 'reject' then return {'refused', 'reject'} end

local seq = string.format('%d', redis.call('INCR', KEYS[1]))
local token = ARGV[1]
-- Too late for the draw: a pre-queue candidate that lost the race with the opening queues behind.
local dk = ARGV[5]
if opened then dk = '' end
local rec = {ARGV[2], 'waiting', seq, ARGV[3], ARGV[4], '', '', '', dk, ''}
if meta[3] == 'passthrough' and opened and dk == '' and ARGV[6] ~= '' then
  -- Straight in: no cap, no rate, but counted as an admission.
  local activeUntil = string.format('%d', now + tonumber(ARGV[6]))
  activate(rec, token, ARGV[3], activeUntil, KEYS[5], KEYS[9], KEYS[10])
  redis.call('HSET', KEYS[4], ARGV[2], token)
  emit('queue.admitted', ARGV[3], EVENT_OWNER, ARGV[2], nil, '{"token":' .. cjson.encode(token) .. ',"activeUntil":' .. activeUntil .. '}')
  return {'ok', 1, '', opened, token, unpack(rec)}
end
redis.call('HSET', KEYS[5], token, format(rec))
if dk ~= '' then
  redis.call('ZADD', KEYS[6], 0, dk .. token)
  redis.call('ZADD', KEYS[7], 0, dk .. token)
else
  redis.call('ZADD', KEYS[2], seq, token)
end
redis.call('ZADD', KEYS[3], unpaused(KEYS[8], tonumber(ARGV[4])), token)
redis.call('HSET', KEYS[4], ARGV[2], token)
return {'ok', 1, position(rec, token, opened), opened or '', token, unpack(rec)}
