-- queue-record: shared by the queue scripts, spliced in where a script says `-- @include queue-record`.
-- @include event
-- The compact layout (issue 17: ~150 bytes per waiting token at 10^6; see keys.ts). Each script first sets the
-- locals below from its KEYS/ARGV. Per live token there are no key, no sorted-set entry and no dict entry of its own:
--   records   hashes B..'k'..bucket(short), field short token -> waiting record (v2 below); small enough to stay
--             listpacks. Longer records sit apart, since one value past 64 bytes turns its bucket into a hashtable
--             for good (~70% more bytes per waiting token): active ones in one hash, B..'a' (at most maxActive; they
--             carry two more times: a 23-character user id was enough once admitted), and pre-queue ones, with
--             their 64-digit draw key, in buckets of their own, B..'p'..bucket(short)
--   seq map   hashes B..'s'..floor(seq/64), field seq%64 -> short token, for every live token
--   beats     B..'h', an array of u48 by seq (BITFIELD u48 #seq): the pause-free time (ms) of the token's last
--             heartbeat by seq (queue-places: core's lean polls), 0 for none, so a due heartbeat costs no record read or
--             rewrite (a call's beats are one read and one write of the array). Idle expiry takes the later of it and
--             the record's. 6 bytes a seq ever given (seqs are never reused: a gone token's slot is never read again)
--   users     hashes B..'u'..(sha1(userId) mod 16384), field: the next 8 hex digits of that sha1 -> seq of the user's
--             live token (8 bytes where a user id is 20-40). Two users whose digits collide (~1 in 2^32 a pair of one
--             bucket) share no field: the later one's is '='..userId, which is read first. A hashed field is only
--             ever trusted with its record's userId.
--   line      a bitmap over seq (bit set = waiting after the pre-queue) and a Fenwick tree of its 4096-bit blocks
--   idle      a sorted set of seq groups (64 seqs), scored no later than the earliest pause-free heartbeat of a
--             waiting token in the group (a stale-low score is allowed: a sweep that finds nothing rescors it)
-- A short token is the token without its '<queueId>.' prefix, or '!'..token for one without it.
local LINE, TREE, IDLE, PRE, ACTIVE, META, BUCKETS, ENDED, QID

local function fmt(n) return string.format('%d', n) end

local function short(token)
  local p = QID .. '.'
  if string.sub(token, 1, #p) == p and string.byte(token, #p + 1) ~= 33 then return string.sub(token, #p + 1) end
  return '!' .. token
end
local function full(s)
  if string.byte(s, 1) == 33 then return string.sub(s, 2) end
  return QID .. '.' .. s
end

-- 16,384 record buckets from the token's random characters (~61 records each at 10^6: one listpack).
-- The quarter as a string from a table: a number joined with `..` is formatted through %.14g (see ixSet).
local QUARTER = {[0] = '0', '1', '2', '3'}
local function bucketOf(s) return string.sub(s, 1, 2) .. QUARTER[(string.byte(s, 3) or 0) % 4] end
local function recKey(s) return BUCKETS .. 'k' .. bucketOf(s) end
local function preKey(s) return BUCKETS .. 'p' .. bucketOf(s) end
local GROUP = 64
local function groupOf(seq) return fmt(math.floor(seq / GROUP)) end
local function seqKey(g) return BUCKETS .. 's' .. g end
local function beatsKey() return BUCKETS .. 'h' end
-- The user's bucket and hashed field (see "users" above).
-- Kept for the script's run: enter reads the user's slot (liveOf), then writes it (track).
local slots = {}
local function userSlot(u)
  local slot = slots[u]
  if not slot then
    local h = redis.sha1hex(u)
    slot = {BUCKETS .. 'u' .. fmt(tonumber(string.sub(h, 1, 4), 16) % 16384), string.sub(h, 5, 12)}
    slots[u] = slot
  end
  return slot[1], slot[2]
end

-- Records, parsed into {u, st, seq, ea, ls, aa, au, ee, dk, er, pf} ('' for null; pf: lastSeenAt on the pause-free
-- clock). Waiting in the line (v3): 'l|seq|ea|ls-ea|ls-pf|userId', seq and ea in base 36, the times as
-- deltas: six fields, so that with a 36-character user id (a UUID) the record stays within the 64 bytes of a
-- listpack value at a seq below 36^5 (6x10^7) and a wait of hours (bench/README.md, "Line records of six fields").
-- Other live ones (v2): 'w|seq|ea|ls-ea|ls-pf|aa-ea|au-aa|dk|userId', state w(aiting: the pre-queue's, with a
-- draw key; or the line's, written before v3) or a(ctive), seq decimal. Ended (v1, its own key with a TTL):
-- 'state|seq|ea|ls|aa|au|ee|dk|er|userId', all decimal. userId last since it may hold '|'.
local LIVE = {w = 'waiting', a = 'active'}
local B36 = '0123456789abcdefghijklmnopqrstuvwxyz'
local function to36(n)
  n = n - math.fmod(n, 1) -- whole ms, as fmt's %d writes them
  if n < 0 then return '-' .. to36(-n) end
  local out = ''
  repeat
    local d = n % 36
    out = string.sub(B36, d + 1, d + 1) .. out
    n = (n - d) / 36
  until n == 0
  return out
end
-- Lua 5.1's tonumber(x, 36) reads no sign.
local function from36(x)
  if string.byte(x, 1) == 45 then return -tonumber(string.sub(x, 2), 36) end
  return tonumber(x, 36)
end
-- Base-36 entry times and seqs as read, by parsed record: written back unchanged (neither ever changes) without
-- encoding again.
local ea36, seq36 = {}, {}
local function parse(s)
  if string.sub(s, 1, 2) == 'l|' then -- waiting in the line (see above)
    local sq, ea, dls, dpf, u = string.match(s, '^l|(%w+)|(%-?%w+)|(%-?%d+)|(%-?%d+)|(.*)$')
    local e = from36(ea)
    local ls = e + tonumber(dls)
    local rec = {u, 'waiting', fmt(tonumber(sq, 36)), fmt(e), fmt(ls), '', '', '', '', '', fmt(ls - tonumber(dpf))}
    ea36[rec], seq36[rec] = ea, sq
    return rec
  end
  local c, seq, ea, dls, dpf, daa, dau, dk, u = string.match(s, '^([wa])|(%d+)|(%-?%w+)|(%-?%d+)|(%-?%d+)|(%-?%d*)|(%-?%d*)|(%x*)|(.*)$')
  if c then
    local e = from36(ea)
    local ls = e + tonumber(dls)
    local aa, au = '', ''
    if daa ~= '' then
      local a = e + tonumber(daa)
      aa, au = fmt(a), fmt(a + tonumber(dau))
    end
    local rec = {u, LIVE[c], seq, fmt(e), fmt(ls), aa, au, '', dk, '', fmt(ls - tonumber(dpf))}
    ea36[rec] = ea
    return rec
  end
  local st, aa, au, ee, er
  st, seq, ea, dls, aa, au, ee, dk, er, u = string.match(s, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|(%x*)|([a-z_]*)|(.*)$')
  return {u, st, seq, ea, dls, aa, au, ee, dk, er, dls}
end
local function formatLive(r)
  local ea, ls = tonumber(r[4]), tonumber(r[5])
  local e36, dls, dpf = ea36[r] or to36(ea), fmt(ls - ea), fmt(ls - tonumber(r[11]))
  if r[2] == 'waiting' and r[9] == '' then return table.concat({'l', seq36[r] or to36(tonumber(r[3])), e36, dls, dpf, r[1]}, '|') end
  local daa, dau = '', ''
  if r[6] ~= '' then daa, dau = fmt(tonumber(r[6]) - ea), fmt(tonumber(r[7]) - tonumber(r[6])) end
  return table.concat({string.sub(r[2], 1, 1), r[3], e36, dls, dpf, daa, dau, r[9], r[1]}, '|')
end
local function formatEnded(r) return table.concat({r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[1]}, '|') end
local function activeKey() return BUCKETS .. 'a' end
-- Where a live record sits (see "records" above): the line's buckets, the pre-queue's (a draw key), the active hash.
local function homeOf(s, r)
  if r[2] == 'active' then return activeKey() end
  if r[9] ~= '' then return preKey(s) end
  return recKey(s)
end
local function getWaiting(s) return redis.call('HGET', recKey(s), s) or redis.call('HGET', preKey(s), s) end
-- The active hash before the pre-queue's: the gate in front of every hold and payment reads active tokens.
local function getRec(s)
  return redis.call('HGET', recKey(s), s) or redis.call('HGET', activeKey(), s) or redis.call('HGET', preKey(s), s)
end
-- A token changing state moves by activate (waiting -> active) or retire (-> ended).
local function putRec(s, r) redis.call('HSET', homeOf(s, r), s, formatLive(r)) end
-- An ended token's record, or nil.
local function getEnded(token) return redis.call('GET', ENDED .. token) end

-- The pause-free clock idle time is counted on (SPEC "Operators": a paused queue's idle clocks stand still):
-- `at` less the paused time up to `at`, from the queue meta's pausedMs (ended pauses) and pausedAt (a running one).
-- unpausedBy takes the two fields when the script read them already (enter with the rest of the meta, status once
-- for its batch), as strings or numbers.
local function unpausedBy(at, pausedMs, pausedAt)
  local ms = tonumber(pausedMs or '0')
  if pausedAt then ms = ms + math.max(0, at - tonumber(pausedAt)) end
  return at - ms
end
local function unpaused(at)
  local p = redis.call('HMGET', META, 'pausedMs', 'pausedAt')
  return unpausedBy(at, p[1], p[2])
end
-- A heartbeat at `at` (pause-free `pf`): lastSeenAt only moves forward.
local function beat(rec, at, pf)
  if at > tonumber(rec[5]) then rec[5] = fmt(at) end
  if pf > tonumber(rec[11]) then rec[11] = fmt(pf) end
end

-- Bit indexes: a bitmap with a Fenwick tree of its 4096-bit blocks (1-based) as u32 at #i; #0 holds its size n (a
-- power of two). Two of them: the line (bit seq set = waiting after the pre-queue: LINE, TREE) and, once the queue
-- opened, the drawn who are gone (bit = a rank in the frozen pre-queue: PRE..':gone', PRE..':gonetree'; see below).
local BLOCK = 4096
-- The tree as one string, read (GET) at a script's first rank and dropped by ixSet: a rank decodes the entries it
-- needs in Lua (u32 big-endian at bytes 4i+1..4i+4), one redis.call per script instead of a BITFIELD_RO per rank.
-- ix.ranks[b] memoizes the set bits before block b (a batch ranks many tokens of few blocks); dropped with the copy.
local function bitIndex(bits, tree) return {bits = bits, tree = tree, copy = nil, ranks = {}} end
local function ixSize(ix) return redis.call('BITFIELD_RO', ix.tree, 'GET', 'u32', '#0')[1] end
-- Sets (1) or clears (0) a bit; the tree follows only a real change, so repeating either is harmless. Returns the
-- set bits after a change, nil when there was none. Numbers go to redis.call as strings made with %d: Lua turns a
-- number argument, or a number joined with `..`, into a string through %.17g or %.14g, about 0.12 µs each against
-- 0.03 (bench/README.md, "Fewer number conversions in enter").
local function ixSet(ix, pos, on)
  if redis.call('SETBIT', ix.bits, fmt(pos), on == 1 and '1' or '0') == on then return end
  ix.copy, ix.ranks = nil, {}
  local b = math.floor(pos / BLOCK) + 1
  local n = ixSize(ix)
  if n < b then
    if n == 0 then n = 1 end
    -- Doubling: (0, 2n] sums what (0, n] did, the blocks past n being empty.
    while n < b do
      redis.call('BITFIELD', ix.tree, 'SET', 'u32', string.format('#%d', 2 * n), redis.call('BITFIELD_RO', ix.tree, 'GET', 'u32', string.format('#%d', n))[1])
      n = 2 * n
    end
    redis.call('BITFIELD', ix.tree, 'SET', 'u32', '#0', fmt(n))
  end
  local args = {'BITFIELD', ix.tree}
  local delta = on == 1 and '1' or '-1'
  while b <= n do
    args[#args + 1], args[#args + 2], args[#args + 3], args[#args + 4] = 'INCRBY', 'u32', string.format('#%d', b), delta
    b = b + bit.band(b, -b)
  end
  -- The last node added to is the root (n is a power of two): the set bits after the change.
  local counts = redis.call(unpack(args))
  return counts[#counts]
end
-- The set bits before the blocks 0..b-1 end: the tree's prefix sum of the first b blocks.
local function ixBlocksRank(ix, b)
  local sum = ix.ranks[b]
  if sum then return sum end
  if not ix.copy then ix.copy = redis.call('GET', ix.tree) or '' end
  local t, byte, i = ix.copy, string.byte, b
  sum = 0
  while i > 0 do
    -- Bytes past the string's end read as 0, as BITFIELD's would.
    local x1, x2, x3, x4 = byte(t, 4 * i + 1, 4 * i + 4)
    sum = sum + (((x1 or 0) * 256 + (x2 or 0)) * 256 + (x3 or 0)) * 256 + (x4 or 0)
    i = i - bit.band(i, -i)
  end
  ix.ranks[b] = sum
  return sum
end
-- The set bits at 0..pos, pos a decimal string (n: the same as a number, if the caller has it): the blocks before its
-- own (tree), plus the bits of its block up to and including pos. Block starts are made once, so no number is
-- formatted for BITCOUNT (a Lua number argument is formatted with %.17g, several times the cost of the command's own
-- work).
local blockStarts = {}
local function ixCountTo(ix, pos, n)
  local b = math.floor((n or tonumber(pos)) / BLOCK)
  local from = blockStarts[b]
  if not from then
    from = fmt(b * BLOCK)
    blockStarts[b] = from
  end
  local sum = redis.call('BITCOUNT', ix.bits, from, pos, 'BIT')
  if b > 0 then sum = sum + ixBlocksRank(ix, b) end
  return sum
end
local function ixCount(ix)
  local n = ixSize(ix)
  if n == 0 then return 0 end
  return redis.call('BITFIELD_RO', ix.tree, 'GET', 'u32', string.format('#%d', n))[1]
end

-- The line (made when first used: the scripts set LINE and TREE after this text).
local lineIx = nil
local function line()
  if not lineIx then lineIx = bitIndex(LINE, TREE) end
  return lineIx
end
local function lineSet(seq, on) return ixSet(line(), seq, on) end
-- How many of the line sit before a token waiting in it (its bit is set: enter sets it with the record, admit and
-- retire clear it with the record); `seq` is the record's own decimal string.
local function lineRank(seq) return ixCountTo(line(), seq) - 1 end
-- The line's set bits at 0..seq (seq waiting; n: it as a number), for a batch of waiting seqs counted in ascending
-- order (queue-places: the client sorts them; queue-status sorts its reads' seqs): a seq at most NEAR bits after the
-- one counted before it (lastN, lastSeq: its seq; lastCount: its count) counts from that one, one BITCOUNT over
-- [last, seq] less the last's own bit (set: it waits), instead of its block's bits and a walk of the tree (callgrind:
-- bench/README.md, "Places after the last one"). Any other order counts the same, only dearer. No bit of the line
-- may change between two counts (the scripts using it write none).
local NEAR = 8 * BLOCK
local function lineCountAfter(lastN, lastSeq, lastCount, seq, n)
  if lastN and n > lastN and n - lastN <= NEAR then
    return lastCount + redis.call('BITCOUNT', LINE, lastSeq, seq, 'BIT') - 1
  end
  return ixCountTo(line(), seq, n)
end

-- The pre-queue (PRE: a sorted set by draw key, see queue-enter). Until the opening a token leaving it is removed,
-- and its rank is its place. From the opening (openedAt set) the set is frozen: nobody joins it and nobody is
-- removed; a token that goes (admitted or ended) sets the bit of its rank in the gone index, admission walks the
-- ranks from a head mark (meta 'dhead'), and a place is the rank less the gone before it. A token's rank is read
-- once (ZRANK: a walk down a 10^6-member skiplist, ~6-9 µs) and kept in hashes B..'r'..bucket(short), so a poll
-- costs a hash read and a bit count, as a token of the line does.
local goneIx = nil
local function gone()
  if not goneIx then goneIx = bitIndex(PRE .. ':gone', PRE .. ':gonetree') end
  return goneIx
end
-- How many drawn tokens still wait: the pre-queue less the gone (none before the opening).
local function drawnWaiting()
  local n = redis.call('ZCARD', PRE)
  if n == 0 then return 0 end -- no pre-queue: a line's poll pays one call for it
  return n - ixCount(gone())
end
-- The rank (0-based, decimal string) of a drawn token in the frozen pre-queue, or nil; read once, then kept.
local function rankKey(s) return BUCKETS .. 'r' .. bucketOf(s) end
local function drawnRank(dk, s)
  local key = rankKey(s)
  local r = redis.call('HGET', key, s)
  if r then return r end
  r = redis.call('ZRANK', PRE, dk .. s)
  if not r then return nil end
  r = fmt(r)
  redis.call('HSET', key, s, r)
  return r
end
-- The 1-based place of a drawn token still waiting, once open (its own gone bit is clear).
local function drawnPlace(dk, s)
  local r = drawnRank(dk, s)
  if not r then return nil end
  local before = 0
  if r ~= '0' then before = ixCountTo(gone(), fmt(tonumber(r) - 1)) end
  return tonumber(r) - before + 1
end
-- Sets the gone bit of drawn rank r (a number). When that was the last drawn token still waiting, the frozen
-- pre-queue has nobody left to rank: its sorted set (182 B a drawn token) and the gone index are unlinked (freed off
-- Redis's main thread) with the admission's head mark, and drawnWaiting reads 0 from then on. The draw itself stays
-- in its buckets (queue-draw), which the order check reads. Returns true when it unlinked them. `drawnCount` is the
-- pre-queue's size when the caller has read it already.
local function drawnSetGone(r, drawnCount)
  local goneNow = ixSet(gone(), r, 1)
  if not goneNow or goneNow < (drawnCount or redis.call('ZCARD', PRE)) then return false end
  redis.call('UNLINK', PRE, PRE .. ':gone', PRE .. ':gonetree')
  redis.call('HDEL', META, 'dhead')
  goneIx = nil
  return true
end
-- A drawn token leaves the pre-queue (admitted or ended).
local function drawnGone(dk, s, opened)
  if not opened then
    redis.call('ZREM', PRE, dk .. s)
    return
  end
  local r = drawnRank(dk, s)
  if r then drawnSetGone(tonumber(r)) end
  redis.call('HDEL', rankKey(s), s)
end

-- 1-based place of a waiting record: the pre-queue first (by draw key, once open), then the line. '' otherwise.
local function position(rec, s, opened)
  if rec[2] ~= 'waiting' then return '' end
  if rec[9] ~= '' then
    if not opened then return '' end
    return drawnPlace(rec[9], s) or ''
  end
  return drawnWaiting() + lineRank(rec[3]) + 1
end

-- The live token of seq, as {short, rec}, or nil.
local function bySeq(seq)
  local s = redis.call('HGET', seqKey(groupOf(seq)), fmt(seq % GROUP))
  if not s then return nil end
  local raw = getRec(s)
  if not raw then return nil end
  return s, parse(raw)
end

-- The user's live token, as {short, rec}, or nil: the '='..userId field if any, else the hashed one if its record
-- is this user's (not a colliding user's).
local function liveOf(u)
  local key, f = userSlot(u)
  local v = redis.call('HMGET', key, '=' .. u, f)
  local seq = v[1] or v[2]
  if not seq then return nil end
  local s, rec = bySeq(tonumber(seq))
  if s and rec[1] == u then return s, rec end
  return nil
end

-- A new live token's indexes: the seq map, the user's live token, and (waiting) its group's idle score.
local function track(rec, s)
  local seq = tonumber(rec[3])
  local g = groupOf(seq)
  redis.call('HSET', seqKey(g), fmt(seq % GROUP), s)
  local key, f = userSlot(rec[1])
  if redis.call('HSETNX', key, f, rec[3]) == 0 then
    -- Taken: by a colliding user's live token (this user has none, or enter would have returned it), else stale.
    local _, other = bySeq(tonumber(redis.call('HGET', key, f)))
    if other and other[1] ~= rec[1] then f = '=' .. rec[1] end
    redis.call('HSET', key, f, rec[3])
  end
  if rec[2] == 'waiting' then redis.call('ZADD', IDLE, 'LT', rec[11], g) end
end

-- Ends a live token: it leaves the line or pre-queue (waiting) or the sessions (active), the live records and the
-- seq map, becomes its own ended record with a TTL, and stops being its user's live token.
local function retire(rec, s, state, reason, now, ttl)
  local seq = tonumber(rec[3])
  if rec[2] == 'waiting' then
    if rec[9] ~= '' then drawnGone(rec[9], s, redis.call('HEXISTS', META, 'openedAt') == 1) else lineSet(seq, 0) end
  else
    redis.call('ZREM', ACTIVE, s)
  end
  redis.call('HDEL', homeOf(s, rec), s)
  local token = full(s)
  rec[2] = state
  rec[8] = now
  rec[10] = reason
  redis.call('HDEL', seqKey(groupOf(seq)), fmt(seq % GROUP))
  redis.call('SET', ENDED .. token, formatEnded(rec), 'PX', ttl)
  local uk, f = userSlot(rec[1])
  local v = redis.call('HMGET', uk, '=' .. rec[1], f)
  if v[1] == rec[3] then redis.call('HDEL', uk, '=' .. rec[1]) elseif v[2] == rec[3] then redis.call('HDEL', uk, f) end
  emit('queue.ended', now, EVENT_OWNER, rec[1], nil, '{"token":' .. cjson.encode(token) .. ',"reason":' .. cjson.encode(reason) .. '}')
  return token
end

-- Ends waiting tokens group by group from the lowest idle score while it is <= bound, at most `limit`, the oldest
-- of a group first; `idleOnly`: only those whose pause-free heartbeat is <= bound. Each group visited is rescored
-- (its earliest waiting token left) or dropped, so a stale score costs one visit; visits are capped, so the work is
-- bounded by the limit. Returns the ended tokens.
local function sweep(bound, idleOnly, reason, now, limit, ttl)
  local done = {}
  local visits = 0
  while #done < limit and visits < limit + 16 do
    local top = redis.call('ZRANGE', IDLE, 0, 0, 'WITHSCORES')
    if #top == 0 or (bound and tonumber(top[2]) > bound) then break end
    visits = visits + 1
    local g = top[1]
    local m = redis.call('HGETALL', seqKey(g))
    -- The group's slots of the beats array (64 u48, big-endian; past the string's end: none), read only if needed.
    local beats = nil
    local waiting = {}
    for i = 1, #m, 2 do
      local raw = getWaiting(m[i + 1])
      if raw then
        local rec = parse(raw)
        if rec[2] == 'waiting' then
          if not beats then
            local from = tonumber(g) * GROUP * 6
            beats = redis.call('GETRANGE', beatsKey(), fmt(from), fmt(from + GROUP * 6 - 1))
          end
          local at = 6 * tonumber(m[i]) + 1
          local b1, b2, b3, b4, b5, b6 = string.byte(beats, at, at + 5)
          local pf = tonumber(rec[11])
          if b1 then pf = math.max(pf, ((((b1 * 256 + b2) * 256 + b3) * 256 + b4) * 256 + b5) * 256 + b6) end
          waiting[#waiting + 1] = {m[i + 1], rec, pf, tonumber(rec[3])}
        end
      end
    end
    table.sort(waiting, function(a, b) return a[3] < b[3] or (a[3] == b[3] and a[4] < b[4]) end)
    local earliest = nil
    for _, w in ipairs(waiting) do
      if #done < limit and (not idleOnly or w[3] <= bound) then
        done[#done + 1] = retire(w[2], w[1], 'expired', reason, now, ttl)
      elseif not earliest then
        earliest = w[3]
      end
    end
    if earliest then redis.call('ZADD', IDLE, fmt(earliest), g) else redis.call('ZREM', IDLE, g) end
  end
  return done
end

-- Makes a waiting record active until `activeUntil`, counted as an admission at `now` (both decimal strings).
local function activate(rec, s, now, activeUntil, admitsKey)
  redis.call('HDEL', homeOf(s, rec), s)
  rec[2] = 'active'
  rec[6] = now
  rec[7] = activeUntil
  putRec(s, rec)
  redis.call('ZADD', ACTIVE, activeUntil, s)
  redis.call('ZADD', admitsKey, now, s)
end
