-- queue-drawn: the pre-queue in its drawn order (every token that entered with a draw key, whatever its state),
-- a page of it; nothing before the queue opened.
-- KEYS[1] the whole draw (lex zset, member drawKey..short token)   KEYS[2] queue meta (hash: openedAt, sealed)
-- ARGV[1] offset   ARGV[2] limit   ARGV[3] queue id (a short token is the token less '<queueId>.'; see queue-record)
-- returns the tokens of places offset+1 .. offset+limit
-- @include queue-record
QID = ARGV[3]

if redis.call('HEXISTS', KEYS[2], 'openedAt') == 0 then return {} end
local from, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
if limit <= 0 then return {} end
local members = redis.call('ZRANGE', KEYS[1], from, from + limit - 1)
local tokens = {}
for i, member in ipairs(members) do
  tokens[i] = full(string.sub(member, 65))
end
return tokens
