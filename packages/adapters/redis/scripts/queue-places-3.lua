-- queue-places: the places of tokens waiting in the line, named by seq: core's lean status path, for polls that owe
-- no heartbeat, by a caller that read each token's seq before. A seq's bit is set exactly while its token waits in
-- the line (see queue-record) and a seq is never given twice, so no record is read: a bit and a rank per seq.
-- KEYS[1] line bitmap   KEYS[2] line tree   KEYS[3] pre-queue (zset by draw key)
-- ARGV[1..] seqs, decimal, best in ascending order
-- returns per seq: its 1-based place, or '' when its token does not wait in the line
-- @include queue-record
LINE, TREE, PRE = KEYS[1], KEYS[2], KEYS[3]

local out = {}
local ahead = nil
-- The seqs come in ascending order (the client sorts them). A seq at most NEAR bits after the last one ranked counts
-- the bits between the two, one BITCOUNT over [last, seq] less the last's own bit (set: it waits), instead of its
-- block's bits and a walk of the tree (callgrind: 16.7k instructions a seq against 25.9k, a line of 200,000 asked 50
-- a call; bench/README.md, "Places after the last one"). Any order answers the same, only dearer.
local NEAR = 8 * BLOCK
local lastN, lastSeq, lastCount = nil, nil, nil
for i = 1, #ARGV do
  local seq = ARGV[i]
  if redis.call('GETBIT', LINE, seq) == 1 then
    if not ahead then ahead = drawnWaiting() + 1 end
    local n = tonumber(seq)
    local count
    if lastN and n > lastN and n - lastN <= NEAR then
      count = lastCount + redis.call('BITCOUNT', LINE, lastSeq, seq, 'BIT') - 1
    else
      count = ixCountTo(line(), seq, n)
    end
    lastN, lastSeq, lastCount = n, seq, count
    out[i] = ahead + count - 1
  else
    out[i] = ''
  end
end
return out
