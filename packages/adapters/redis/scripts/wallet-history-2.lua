-- wallet-history: the balance with one page of the ledger, read in one step. The cursor is a ledger index:
-- a page holds the entries just below it; entries are only appended, so a cursor stays valid.
-- KEYS[1] balance (string integer)   KEYS[2] ledger (list, oldest first)
-- ARGV[1] limit   ARGV[2] cursor (ledger index), or '' for the newest page
-- returns {'ok', balance, nextCursor or '', entry...} oldest first (the adapter reverses), or {'validation_failed'}
local length = redis.call('LLEN', KEYS[2])
local start = length
if ARGV[2] ~= '' then
  start = tonumber(ARGV[2])
  if not start or start > length then return {'validation_failed'} end
end
local from = math.max(0, start - tonumber(ARGV[1]))
local out = {'ok', redis.call('GET', KEYS[1]) or '0', ''}
if from > 0 then out[3] = string.format('%d', from) end
if start > from then
  for _, e in ipairs(redis.call('LRANGE', KEYS[2], from, start - 1)) do out[#out + 1] = e end
end
return out
