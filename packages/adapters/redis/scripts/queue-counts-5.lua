-- queue-counts: one queue's counts, read together.
-- KEYS[1] line tree (its root holds the line's length)   KEYS[2] active zset
-- KEYS[3] pre-queue (zset by draw key)   KEYS[4] admission log zset (short -> activatedAt)
-- KEYS[5] queue meta (hash: openedAt, sealed)
-- ARGV[1] now: admissions after now - 60 s count as the last minute's
-- returns {waiting (pre-queue included), drawn, active, admittedLastMinute, openedAt or '', sealed or '', mode or '',
-- modeVersion or ''}
local tree = KEYS[1]
local n = redis.call('BITFIELD_RO', tree, 'GET', 'u32', '#0')[1]
local line = 0
if n > 0 then line = redis.call('BITFIELD_RO', tree, 'GET', 'u32', '#' .. n)[1] end
-- The pre-queue less its gone (see queue-record: the set is frozen from the opening, the gone marked in a bit index).
local drawn = redis.call('ZCARD', KEYS[3])
local goneTree = KEYS[3] .. ':gonetree'
local g = redis.call('BITFIELD_RO', goneTree, 'GET', 'u32', '#0')[1]
if g > 0 then drawn = drawn - redis.call('BITFIELD_RO', goneTree, 'GET', 'u32', '#' .. g)[1] end
local meta = redis.call('HMGET', KEYS[5], 'openedAt', 'sealed', 'mode', 'modeVersion')
local recent = redis.call('ZCOUNT', KEYS[4], '(' .. string.format('%d', tonumber(ARGV[1]) - 60000), '+inf')
return {line + drawn, drawn, redis.call('ZCARD', KEYS[2]), recent, meta[1] or '', meta[2] or '', meta[3] or '', meta[4] or ''}
