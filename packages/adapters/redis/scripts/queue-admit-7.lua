-- queue-admit: opens the queue once (openedAt = now: the draw is final from then on), unless it is sealed; then
-- admits waiting tokens from the head (the pre-queue in draw-key order, then the line by seq) while
-- active < maxActive and fewer than admitPerMinute were admitted in the sliding window ending at now.
-- At most `limit` per call. A sealed or paused queue admits nobody.
-- KEYS[1] live token records (hash token -> record)   KEYS[2] waiting zset   KEYS[3] heartbeat zset
-- KEYS[4] active zset (token -> activeUntil)   KEYS[5] admission log zset (token -> activatedAt), trimmed to the window
-- KEYS[6] pre-queue still waiting (lex zset, member drawKey..token)   KEYS[7] queue meta (hash: openedAt, sealed)
-- ARGV[1] now   ARGV[2] windowMs   ARGV[3] maxActive   ARGV[4] admitPerMinute   ARGV[5] sessionTtlMs   ARGV[6] limit
-- ARGV[7..10] the event stream, its bound, the queue id and the stream index (see event.lua)
-- returns the admitted tokens, in queue order
-- @include queue-record

if redis.call('HEXISTS', KEYS[7], 'sealed') == 1 then return {} end
-- Paused: nobody is admitted, and the queue does not open (the draw waits for the resume).
if redis.call('HGET', KEYS[7], 'mode') == 'paused' then return {} end
if redis.call('HSETNX', KEYS[7], 'openedAt', ARGV[1]) == 1 then
  emit('sale.opened', ARGV[1], EVENT_OWNER, nil, nil, '{"openedAt":' .. ARGV[1] .. '}')
end
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', string.format('%d', now - tonumber(ARGV[2])))
local room = math.min(tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[4]),
  tonumber(ARGV[4]) - redis.call('ZCARD', KEYS[5]), tonumber(ARGV[6]))
local admitted = {}
if room <= 0 then return admitted end
local activeUntil = string.format('%d', now + tonumber(ARGV[5]))
local head = {}
local drawn = redis.call('ZPOPMIN', KEYS[6], room)
for i = 1, #drawn, 2 do head[#head + 1] = string.sub(drawn[i], 65) end
if #head < room then
  local line = redis.call('ZPOPMIN', KEYS[2], room - #head)
  for i = 1, #line, 2 do head[#head + 1] = line[i] end
end
for _, token in ipairs(head) do
  redis.call('ZREM', KEYS[3], token)
  local raw = redis.call('HGET', KEYS[1], token)
  if raw then
    local rec = parse(raw)
    if rec[2] == 'waiting' then
      activate(rec, token, ARGV[1], activeUntil, KEYS[1], KEYS[4], KEYS[5])
      admitted[#admitted + 1] = token
      emit('queue.admitted', ARGV[1], EVENT_OWNER, rec[1], nil, '{"token":' .. cjson.encode(token) .. ',"activeUntil":' .. activeUntil .. '}')
    end
  end
end
return admitted
