-- queue-counts: one queue's counts, read together.
-- KEYS[1] line tree (its root holds the line's length)   KEYS[2] active zset
-- KEYS[3] pre-queue (zset by draw key)   KEYS[4] admission log zset (short -> activatedAt)
-- KEYS[5] queue meta (hash: openedAt, sealed)
-- ARGV[1] now: admissions after now - 60 s count as the last minute's
-- returns {waiting (pre-queue included), drawn, active, admittedLastMinute, openedAt or '', sealed or '', mode or '',
-- modeVersion or ''}
-- @include queue-record
TREE, PRE = KEYS[1], KEYS[3]

-- The line's length (its tree's root; the bitmap is not read) and the drawn still waiting, as queue-record counts them.
local waitingInLine = ixCount(line())
local drawn = drawnWaiting()
local meta = redis.call('HMGET', KEYS[5], 'openedAt', 'sealed', 'mode', 'modeVersion')
local recent = redis.call('ZCOUNT', KEYS[4], '(' .. string.format('%d', tonumber(ARGV[1]) - 60000), '+inf')
return {waitingInLine + drawn, drawn, redis.call('ZCARD', KEYS[2]), recent, meta[1] or '', meta[2] or '', meta[3] or '', meta[4] or ''}
