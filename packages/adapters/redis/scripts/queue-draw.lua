-- queue-draw: the whole draw (every token that entered with a draw key, whatever became of it: what the order check
-- reads), spliced in by the scripts that write or read it. The pre-queue is apart (PRE, a sorted set by draw key that
-- places are read from; see queue-record); this copy is only appended to, so it is kept in few bytes instead of a
-- second 10^6-member skiplist (184 bytes a token):
--   buckets   sorted sets B..'d'..b, b = the draw key's first 14 bits (16,384 buckets: ~61 members each at 10^6,
--             each a listpack), all at score 0, member = the draw key in binary (32 bytes) .. short token, so a
--             bucket's order is the draw's (the 64 hex digits and a token would pass a listpack's 64-byte value)
--   tree      a Fenwick tree of the members per bucket (u32 big-endian, bucket b at #(b+1)): where place k sits
local DRAW_N = 16384
local function drawBucket(dk) return math.floor(tonumber(string.sub(dk, 1, 4), 16) / 4) end
local function drawBucketKey(b) return BUCKETS .. 'd' .. string.format('%d', b) end
-- The member: the key's 32 bytes, from eight 32-bit chunks (a gsub per byte pair costs half as much again).
local function drawMember(dk, s)
  local out, char, floor = {}, string.char, math.floor
  for j = 1, 57, 8 do
    local x = tonumber(string.sub(dk, j, j + 7), 16)
    local a = floor(x / 16777216)
    x = x - a * 16777216
    local b = floor(x / 65536)
    x = x - b * 65536
    local c = floor(x / 256)
    out[#out + 1] = char(a, b, c, x - c * 256)
  end
  out[#out + 1] = s
  return table.concat(out)
end
local function drawShortOf(m) return string.sub(m, 33) end

-- The tree is read node by node (BITFIELD_RO): a GET of all of it (64 KB) costs ~90 µs inside a script.
local function treeTotal(key) return redis.call('BITFIELD_RO', key, 'GET', 'u32', string.format('#%d', DRAW_N))[1] end
-- The bucket of the (k+1)th member (0-based k < total), and how many members the buckets before it hold: a descent
-- of 14 steps, a node read each.
local function treeFind(key, k)
  local pos, before, step = 0, 0, DRAW_N
  while step >= 1 do
    if pos + step <= DRAW_N then
      local n = redis.call('BITFIELD_RO', key, 'GET', 'u32', string.format('#%d', pos + step))[1]
      if before + n <= k then
        pos = pos + step
        before = before + n
      end
    end
    step = step / 2
  end
  return pos, before
end

-- A new pre-queue token joins the draw (`tree`: the draw tree's key).
local function drawAdd(dk, s, tree)
  local b = drawBucket(dk)
  if redis.call('ZADD', drawBucketKey(b), '0', drawMember(dk, s)) == 0 then return end
  local args, i = {'BITFIELD', tree}, b + 1
  while i <= DRAW_N do
    args[#args + 1], args[#args + 2], args[#args + 3], args[#args + 4] = 'INCRBY', 'u32', string.format('#%d', i), '1'
    i = i + bit.band(i, -i)
  end
  redis.call(unpack(args))
end
