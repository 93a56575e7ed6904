-- event-delivery: a named delivery lease and the cursor saved under it (EventFeed.lease, commit, releaseLease).
-- KEYS[1] the lease (hash: owner, until, cursor)
-- ARGV[1] 'lease' | 'commit' | 'release'   ARGV[2] owner   ARGV[3] now   ARGV[4] ttl in ms (lease) or the cursor (commit)
-- returns lease: {1, until, cursor or ''} or {0} when another owner holds it; commit: 1 saved, 0 not the holder; release: 1
local op, who, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local owner = redis.call('HGET', KEYS[1], 'owner') or ''
local held = owner ~= '' and tonumber(redis.call('HGET', KEYS[1], 'until') or '0') > now
if op == 'lease' then
  if held and owner ~= who then return {0} end
  local untl = string.format('%d', now + tonumber(ARGV[4]))
  redis.call('HSET', KEYS[1], 'owner', who, 'until', untl)
  return {1, untl, redis.call('HGET', KEYS[1], 'cursor') or ''}
elseif op == 'commit' then
  if not held or owner ~= who then return 0 end
  redis.call('HSET', KEYS[1], 'cursor', ARGV[4])
  return 1
end
if owner == who then redis.call('HSET', KEYS[1], 'owner', '', 'until', '0') end
return 1
