-- seat-taken: the seats that are not free at now, with who keeps them. O(seats with an owner).
-- KEYS[1] seat owners (hash seat -> reservationId)   KEYS[2] reservation states (hash id -> 'state|expiresAt|paymentId')
-- KEYS[3] reservations (hash id -> immutable JSON): read only for held seats, to mark a waiting-list offer's
-- ARGV[1] now
-- returns a flat list {seat, 'held'|'sold'|'offer', reservationId, ...}
local now = tonumber(ARGV[1])
local owners = redis.call('HGETALL', KEYS[1])
local out = {}
for i = 1, #owners, 2 do
  local v = redis.call('HGET', KEYS[2], owners[i + 1])
  if v then
    local st, exp = string.match(v, '^([^|]*)|([^|]*)|')
    local kind = nil
    if st == 'confirmed' then kind = 'sold'
    elseif st == 'paying' or (st == 'held' and tonumber(exp) > now) then
      kind = 'held'
      local json = redis.call('HGET', KEYS[3], owners[i + 1])
      if json and cjson.decode(json).waitlistSaleId then kind = 'offer' end
    end
    if kind then
      out[#out + 1] = owners[i]
      out[#out + 1] = kind
      out[#out + 1] = owners[i + 1]
    end
  end
end
return out
