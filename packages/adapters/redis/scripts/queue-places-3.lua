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
-- The seqs come in ascending order (the client sorts them), so each counts from the one before (lineCountAfter).
local lastN, lastSeq, lastCount = nil, nil, nil
for i = 1, #ARGV do
  local seq = ARGV[i]
  if redis.call('GETBIT', LINE, seq) == 1 then
    if not ahead then ahead = drawnWaiting() + 1 end
    local n = tonumber(seq)
    lastCount = lineCountAfter(lastN, lastSeq, lastCount, seq, n)
    lastN, lastSeq = n, seq
    out[i] = ahead + lastCount - 1
  else
    out[i] = ''
  end
end
return out
