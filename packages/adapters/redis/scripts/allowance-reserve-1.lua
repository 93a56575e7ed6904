-- allowance-reserve: the purchase limit's reserve step, in the user's tag. Idempotent by reservation id.
-- KEYS[1] the user's allowance in one sale (hash reservationId -> 'seats|expiresAt')
-- ARGV[1] reservationId   ARGV[2] seats   ARGV[3] expiresAt   ARGV[4] limit
-- returns {'ok', reserved (1|0), reservationId, value, ...}: the entries after the step
local entries = redis.call('HGETALL', KEYS[1])
local known = false
local used = 0
for i = 1, #entries, 2 do
  if entries[i] == ARGV[1] then known = true end
  used = used + tonumber(string.match(entries[i + 1], '^(%d+)|'))
end
local reserved = 0
if known then
  reserved = 1
elseif used + tonumber(ARGV[2]) <= tonumber(ARGV[4]) then
  local value = string.format('%d|%d', tonumber(ARGV[2]), tonumber(ARGV[3]))
  redis.call('HSET', KEYS[1], ARGV[1], value)
  entries[#entries + 1] = ARGV[1]
  entries[#entries + 1] = value
  reserved = 1
end
local out = {'ok', reserved}
for _, v in ipairs(entries) do out[#out + 1] = v end
return out
