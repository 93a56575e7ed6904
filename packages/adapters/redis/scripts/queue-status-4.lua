-- queue-status: a batch of status reads of one queue (issue 17's batched status path), each answered as queue-view
-- would, all in one atomic step. A poll of a waiting token by its own user is a heartbeat, written only when it moves
-- lastSeenAt on by `slack` or more (core's pace: a long line's heartbeats are coarse); others record nothing. A
-- heartbeat is one record write: the idle groups are rescored lazily by the sweep (see queue-record).
-- The record goes back as stored (the client decodes it), so the script does no per-field work for the reply.
-- KEYS[1] line bitmap   KEYS[2] line tree   KEYS[3] pre-queue (zset by draw key)
-- KEYS[4] queue meta (hash: openedAt, pausedMs, pausedAt)
-- ARGV[1] bucket key prefix (see queue-record)   ARGV[2] ended record key prefix (ARGV[2]..token, same hash tag)
-- ARGV[3] queue id   ARGV[4] slack in ms
-- ARGV[5..] one triple per read: token, heartbeatAt or '' (no heartbeat), the polling user
-- returns {openedAt or '', then per read: position or '', record or '' (unknown token)}
-- @include queue-record
LINE, TREE, PRE, META, BUCKETS, ENDED, QID = KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], ARGV[2], ARGV[3]

local meta = redis.call('HMGET', META, 'openedAt', 'pausedMs', 'pausedAt')
local opened = meta[1]
local pausedMs, pausedAt = tonumber(meta[2] or '0'), tonumber(meta[3] or '')
local slack = tonumber(ARGV[4])
-- The drawn still waiting: ahead of the whole line.
local preCount = drawnWaiting()
local out = {opened or ''}
local o = 1
-- short() and recKey() inlined, with the prefixes made once: strings made per token are most of the script's own work.
local P, sub, byte = QID .. '.', string.sub, string.byte
local PL, KB, KP, KA = #P, BUCKETS .. 'k', BUCKETS .. 'p', BUCKETS .. 'a'
-- Numbers of the reads' heartbeat times, parsed once each (the reads of one batch share a few).
local times = {}
-- Waiting tokens of the line, ranked after the loop: sort keys, and their seqs by place index in `out`. Keys stay
-- exact doubles while seq < 2^32 and the batch answers fewer than SLOTS values.
local SLOTS, SEQ_LIMIT = 1048576, 4294967296
-- A lone read ranks at once: nothing to count from.
local several = #ARGV > 7
local inLine, seqAt, nl = several and {}, several and {}, 0
for i = 5, #ARGV, 3 do
  local token, at = ARGV[i], ARGV[i + 1]
  local s
  if sub(token, 1, PL) == P and byte(token, PL + 1) ~= 33 then s = sub(token, PL + 1) else s = '!' .. token end
  local bucket = sub(s, 1, 2) .. QUARTER[(byte(s, 3) or 0) % 4]
  -- The line's bucket, and a pre-queue record's (see homeOf in queue-record; the heartbeat below writes a record back
  -- where it was found): while drawn tokens wait, theirs first, since a miss in a line bucket (a listpack) reads
  -- all of it and a miss in a pre-queue bucket (a hashtable, its records being long) does not.
  local first, second = KB, KP
  if preCount > 0 then first, second = KP, KB end
  local key = first .. bucket
  local raw = redis.call('HGET', key, s)
  local place = ''
  if not raw then
    key = second .. bucket
    raw = redis.call('HGET', key, s)
  end
  local kind = raw and byte(raw, 1)
  if not raw then
    raw = redis.call('HGET', KA, s) or getEnded(token) or ''
  elseif kind == 108 or kind == 119 then -- 'l': waiting in the line; 'w': in the pre-queue (or v2)
    -- seq, enteredAt, lastSeenAt - enteredAt, and the draw key; the rest only when a heartbeat is due.
    local line3 = kind == 108
    local seq, ea, dls, dk
    if line3 then
      seq, ea, dls = string.match(raw, '^l|(%w+)|(%-?%w+)|(%-?%d+)|')
      seq, dk = fmt(tonumber(seq, 36)), ''
    else
      seq, ea, dls, dk = string.match(raw, '^w|(%d+)|(%-?%w+)|(%-?%d+)|%-?%d+|%-?%d*|%-?%d*|(%x*)|')
    end
    if at ~= '' then
      local t = times[at]
      if not t then
        t = tonumber(at)
        times[at] = t
      end
      local e = from36(ea)
      local seen = e + tonumber(dls)
      if t - seen >= slack and t > seen then
        -- The record rewritten in place (fields 4 and 5, as beat + formatLive would), only by its own user.
        local head, dpf, tail, u
        if line3 then
          head, dpf, tail, u = string.match(raw, '^(l|%w+|%-?%w+|)%-?%d+|(%-?%d+)(|(.*))$')
        else
          head, dpf, tail, u = string.match(raw, '^(w|%d+|%-?%w+|)%-?%d+|(%-?%d+)(|%-?%d*|%-?%d*|%x*|(.*))$')
        end
        if u == ARGV[i + 2] then
          -- The pause-free clock (queue-record's unpausedBy), from the meta read once for the batch.
          local pf = math.max(unpausedBy(t, pausedMs, pausedAt), seen - tonumber(dpf))
          raw = head .. fmt(t - e) .. '|' .. fmt(t - pf) .. tail
          redis.call('HSET', key, s, raw)
        end
      end
    end
    if dk == '' then
      -- Ranked after the loop, in seq order (see below).
      local n = tonumber(seq)
      if several and n < SEQ_LIMIT then
        nl = nl + 1
        inLine[nl] = n * SLOTS + o + 1
        seqAt[o + 1] = seq
      else
        place = preCount + ixCountTo(line(), seq, n)
      end
    elseif opened then
      place = drawnPlace(dk, s) or ''
    end
  end
  out[o + 1], out[o + 2] = place, raw
  o = o + 2
end
-- The line's places, counted in ascending seq order so that each counts from the one before (lineCountAfter): the
-- reads come in arrival order. A key is seq * SLOTS + the place's index in `out`: one sort of plain numbers.
if nl > 1 then table.sort(inLine) end
local lastN, lastSeq, lastCount = nil, nil, nil
for j = 1, nl do
  local key = inLine[j]
  local slot = key % SLOTS
  local n, seq = (key - slot) / SLOTS, seqAt[slot]
  lastCount = lineCountAfter(lastN, lastSeq, lastCount, seq, n)
  lastN, lastSeq = n, seq
  out[slot] = preCount + lastCount
end
return out
