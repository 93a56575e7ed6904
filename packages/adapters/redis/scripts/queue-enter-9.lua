-- queue-enter: return the user's live token (a heartbeat if waiting); else, unless the queue is sealed, store a
-- new waiting token: a pre-queue token (with a draw key, before the opening) in the draw, any other at the tail.
-- KEYS[1] seq counter (string)   KEYS[2] line bitmap (bit seq)   KEYS[3] line tree   KEYS[4] idle groups zset
-- KEYS[5] pre-queue (zset, member drawKey..short token, score the key's first 48 bits; see queue-record)
-- KEYS[6] the whole draw's tree (see queue-draw)   KEYS[7] queue meta (hash: openedAt, sealed, mode, pauses)
-- KEYS[8] active zset (short -> activeUntil)   KEYS[9] admission log zset (short -> activatedAt)
-- ARGV[1] bucket key prefix (records, seq map, users: see queue-record)   ARGV[2] new token   ARGV[3] userId
-- ARGV[4] enteredAt   ARGV[5] lastSeenAt   ARGV[6] drawKey or ''
-- ARGV[7] sessionTtlMs or '': under mode passthrough, once open, a newcomer is active at once for that long
-- ARGV[8..11] the event stream, its bound, the queue id and the stream index (see event.lua): a newcomer let straight in is admitted
-- returns {'ok', created 0|1, position, openedAt, token, u, st, seq, ea, ls, aa, au, ee, dk, er, pf}, or
-- {'refused', reason} (reason: the seal's, or 'reject' under mode reject)
-- @include queue-record
-- @include queue-draw
LINE, TREE, IDLE, PRE, ACTIVE, META, BUCKETS, QID = KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[8], KEYS[7], ARGV[1], EVENT_OWNER

local user = ARGV[3]
local now = tonumber(ARGV[4])
local meta = redis.call('HMGET', META, 'openedAt', 'sealed', 'mode', 'pausedMs', 'pausedAt')
local opened = meta[1]
local liveS, liveRec = liveOf(user)
if liveS then
  if liveRec[2] == 'waiting' then
    beat(liveRec, now, unpausedBy(now, meta[4], meta[5]))
    putRec(liveS, liveRec)
  end
  return {'ok', 0, position(liveRec, liveS, opened), opened or '', full(liveS), unpack(liveRec)}
end
if meta[2] then return {'refused', meta[2]} end
if meta[3] == 'reject' then return {'refused', 'reject'} end

local seq = redis.call('INCR', KEYS[1])
local token = ARGV[2]
local s = short(token)
-- Too late for the draw: a pre-queue candidate that lost the race with the opening queues behind.
local dk = ARGV[6]
if opened then dk = '' end
local rec = {user, 'waiting', fmt(seq), ARGV[4], ARGV[5], '', '', '', dk, '', fmt(unpausedBy(tonumber(ARGV[5]), meta[4], meta[5]))}
if meta[3] == 'passthrough' and opened and dk == '' and ARGV[7] ~= '' then
  -- Straight in: no cap, no rate, but counted as an admission.
  local activeUntil = fmt(now + tonumber(ARGV[7]))
  activate(rec, s, ARGV[4], activeUntil, KEYS[9])
  track(rec, s)
  emit('queue.admitted', ARGV[4], EVENT_OWNER, user, nil, '{"token":' .. cjson.encode(token) .. ',"activeUntil":' .. activeUntil .. '}')
  return {'ok', 1, '', opened, token, unpack(rec)}
end
putRec(s, rec)
local place = nil
if dk ~= '' then
  -- Scored by the key's first 48 bits (exact in a double): the order is still the key's, ties going to the member,
  -- but a rank's walk down the skiplist compares scores and seldom reads a member (its own allocation: a cache
  -- miss a step). 4.4-4.9 against 4.9-6.5 µs a ZRANK at 10^6 (bench/README.md, "Pre-queue tokens in Redis").
  redis.call('ZADD', PRE, tonumber(string.sub(dk, 1, 12), 16), dk .. s)
  drawAdd(dk, s, KEYS[6])
else
  -- A newcomer is the line's last (seqs only grow): its place counts the drawn still waiting and every set bit of
  -- the line, which lineSet returns. Without that count (its bit was set already) position reads it.
  local inLine = lineSet(seq, 1)
  if inLine then place = drawnWaiting() + inLine end
end
track(rec, s)
return {'ok', 1, place or position(rec, s, opened), opened or '', token, unpack(rec)}
