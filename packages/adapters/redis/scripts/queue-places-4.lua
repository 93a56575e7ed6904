-- queue-places: the places of tokens waiting in the line, named by seq: core's lean status path, by a caller that
-- read each token's seq before, with the heartbeats of those of its polls that owe one. A seq's bit is set exactly
-- while its token waits in the line (see queue-record) and a seq is never given twice, so no record is read: a bit
-- and a rank per seq, and a heartbeat is the seq's slot of the beats array (see "beats" in queue-record).
-- KEYS[1] line bitmap   KEYS[2] line tree   KEYS[3] pre-queue (zset by draw key)   KEYS[4] queue meta (pause fields)
-- ARGV[1] bucket key prefix (see queue-record)   ARGV[2] heartbeat time, or '' for none   ARGV[3] k, the seqs asked
-- ARGV[4..3+k] the seqs, decimal, best in ascending order   ARGV[4+k..] the seqs that beat at ARGV[2] (of those asked,
-- each below 2^26: the array's slots are u48 at #seq, within a string's 2^32 bits)
-- returns per seq asked: its 1-based place, or '' when its token does not wait in the line
-- @include queue-record
LINE, TREE, PRE, META, BUCKETS = KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1]

local k = tonumber(ARGV[3])
local out = {}
-- The asked seqs found waiting, kept only when some beat: a heartbeat needs no second look at the bit.
local waits = #ARGV > 3 + k and {}
local ahead = nil
-- The seqs come in ascending order (the client sorts them), so each counts from the one before (lineCountAfter).
local lastN, lastSeq, lastCount = nil, nil, nil
for i = 1, k do
  local seq = ARGV[3 + i]
  if redis.call('GETBIT', LINE, seq) == 1 then
    if not ahead then ahead = drawnWaiting() + 1 end
    local n = tonumber(seq)
    lastCount = lineCountAfter(lastN, lastSeq, lastCount, seq, n)
    lastN, lastSeq = n, seq
    out[i] = ahead + lastCount - 1
    if waits then waits[seq] = true end
  else
    out[i] = ''
  end
end
-- Heartbeats, on the pause-free clock: only for a seq found waiting in the line above, and never backwards (two
-- hosts' beats may arrive out of order): one read and one write of the beats array for the whole call.
if waits then
  local at = unpaused(tonumber(ARGV[2]))
  local get, set, beating = {'BITFIELD_RO', beatsKey()}, {'BITFIELD', beatsKey()}, {}
  for i = 4 + k, #ARGV do
    local seq = ARGV[i]
    if waits[seq] then
      local n = #get
      get[n + 1], get[n + 2], get[n + 3] = 'GET', 'u48', '#' .. seq
      beating[#beating + 1] = seq
    end
  end
  if #beating > 0 then
    local was = redis.call(unpack(get))
    local s = fmt(at)
    for j = 1, #beating do
      if was[j] < at then
        local n = #set
        set[n + 1], set[n + 2], set[n + 3], set[n + 4] = 'SET', 'u48', '#' .. beating[j], s
      end
    end
    if #set > 2 then redis.call(unpack(set)) end
  end
end
return out
