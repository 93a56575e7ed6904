-- queue-admit: opens the queue once (openedAt = now: the draw is final from then on), unless it is sealed; then
-- admits waiting tokens from the head (the pre-queue in draw-key order, then the line by seq) while
-- active < maxActive and fewer than admitPerMinute were admitted in the sliding window ending at now.
-- At most `limit` per call. A sealed or paused queue admits nobody.
-- KEYS[1] line bitmap   KEYS[2] line tree   KEYS[3] active zset (short -> activeUntil)
-- KEYS[4] admission log zset (short -> activatedAt), trimmed to the window
-- KEYS[5] pre-queue (zset by draw key)   KEYS[6] queue meta (hash: openedAt, sealed, head, dhead)
-- ARGV[1] bucket key prefix (see queue-record)   ARGV[2] now   ARGV[3] windowMs   ARGV[4] maxActive
-- ARGV[5] admitPerMinute   ARGV[6] sessionTtlMs   ARGV[7] limit
-- ARGV[8..11] the event stream, its bound, the queue id and the stream index (see event.lua)
-- returns the admitted tokens, in queue order
-- @include queue-record
LINE, TREE, ACTIVE, PRE, META, BUCKETS, QID = KEYS[1], KEYS[2], KEYS[3], KEYS[5], KEYS[6], ARGV[1], EVENT_OWNER

if redis.call('HEXISTS', META, 'sealed') == 1 then return {} end
-- Paused: nobody is admitted, and the queue does not open (the draw waits for the resume).
if redis.call('HGET', META, 'mode') == 'paused' then return {} end
if redis.call('HSETNX', META, 'openedAt', ARGV[2]) == 1 then
  emit('sale.opened', ARGV[2], EVENT_OWNER, nil, nil, '{"openedAt":' .. ARGV[2] .. '}')
end
local now = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', fmt(now - tonumber(ARGV[3])))
local room = math.min(tonumber(ARGV[4]) - redis.call('ZCARD', ACTIVE),
  tonumber(ARGV[5]) - redis.call('ZCARD', KEYS[4]), tonumber(ARGV[7]))
local admitted = {}
if room <= 0 then return admitted end
local activeUntil = fmt(now + tonumber(ARGV[6]))
local head = {}
-- The pre-queue first: its ranks from the head mark, skipping the gone (see queue-record: frozen from the opening).
local drawnCount = redis.call('ZCARD', PRE)
local h = tonumber(redis.call('HGET', META, 'dhead') or '0')
local goneBits = gone().bits
local drawnDone = false
while #head < room and h < drawnCount and not drawnDone do
  local bits = redis.call('STRLEN', goneBits) * 8
  local r = h
  if h < bits then
    r = redis.call('BITPOS', goneBits, 0, fmt(h), fmt(bits - 1), 'BIT')
    if r < 0 then r = bits end
  end
  if r >= drawnCount then
    h = drawnCount
    break
  end
  local m = redis.call('ZRANGE', PRE, r, r)[1]
  local s = string.sub(m, 65)
  drawnDone = drawnSetGone(r, drawnCount)
  redis.call('HDEL', rankKey(s), s)
  local raw = redis.call('HGET', preKey(s), s) -- a pre-queue token waits in the pre-queue's buckets
  if raw then head[#head + 1] = {s, parse(raw)} end
  h = r + 1
end
-- The last drawn admitted: the pre-queue's keys and head mark went with it (see drawnSetGone).
if h > 0 and not drawnDone then redis.call('HSET', META, 'dhead', fmt(h)) end
-- Then the line: the first set bits from the head mark (every bit before it is clear: seqs only grow).
local from = tonumber(redis.call('HGET', META, 'head') or '0')
while #head < room do
  local seq = redis.call('BITPOS', LINE, 1, from, -1, 'BIT')
  if seq < 0 then break end
  lineSet(seq, 0)
  from = seq + 1
  local s, rec = bySeq(seq)
  if s then head[#head + 1] = {s, rec} end
end
redis.call('HSET', META, 'head', fmt(from))
for _, h in ipairs(head) do
  local s, rec = h[1], h[2]
  if rec[2] == 'waiting' then
    activate(rec, s, ARGV[2], activeUntil, KEYS[4])
    local token = full(s)
    admitted[#admitted + 1] = token
    emit('queue.admitted', ARGV[2], EVENT_OWNER, rec[1], nil, '{"token":' .. cjson.encode(token) .. ',"activeUntil":' .. activeUntil .. '}')
  end
end
return admitted
