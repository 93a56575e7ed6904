-- queue-drawn: the pre-queue in its drawn order (every token that entered with a draw key, whatever its state),
-- a page of it; nothing before the queue opened.
-- KEYS[1] the whole draw's tree (see queue-draw)   KEYS[2] queue meta (hash: openedAt, sealed)
-- ARGV[1] offset   ARGV[2] limit   ARGV[3] bucket key prefix (see queue-record)   ARGV[4] queue id
-- returns the tokens of places offset+1 .. offset+limit
-- @include queue-record
-- @include queue-draw
BUCKETS, QID = ARGV[3], ARGV[4]

if redis.call('HEXISTS', KEYS[2], 'openedAt') == 0 then return {} end
local from, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
local total = treeTotal(KEYS[1])
if limit <= 0 or from >= total then return {} end
local last = math.min(from + limit, total)
local tokens = {}
-- Bucket by bucket from the one holding place from+1; `at` counts the places before the bucket read next.
local at = from
while at < last do
  local b, before = treeFind(KEYS[1], at)
  local ms = redis.call('ZRANGE', drawBucketKey(b), at - before, last - before - 1)
  if #ms == 0 then break end -- a tree out of step with its buckets would loop here
  for _, m in ipairs(ms) do tokens[#tokens + 1] = full(drawShortOf(m)) end
  at = at + #ms
end
return tokens
