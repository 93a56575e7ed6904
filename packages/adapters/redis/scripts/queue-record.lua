-- queue-record: shared by the queue scripts, spliced in where a script says `-- @include queue-record`.
-- @include event
-- record: 'state|seq|enteredAt|lastSeenAt|activatedAt|activeUntil|endedAt|drawKey|endReason|userId' ('' for null,
-- userId last since it may hold '|'); parsed into {u, st, seq, ea, ls, aa, au, ee, dk, er}
local function parse(s)
  local st, seq, ea, ls, aa, au, ee, dk, er, u = string.match(s, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|(%x*)|([a-z_]*)|(.*)$')
  if st then return {u, st, seq, ea, ls, aa, au, ee, dk, er} end
  -- A record written before sales had no draw key and no end reason.
  st, seq, ea, ls, aa, au, ee, u = string.match(s, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|(.*)$')
  return {u, st, seq, ea, ls, aa, au, ee, '', ''}
end
local function format(r) return table.concat({r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[1]}, '|') end

-- Ends a live token: it leaves the pre-queue (if drawn there) and the live records, becomes its own ended record
-- with a TTL, and stops being its user's live token. The callers have already taken it out of their own index.
local function retire(rec, token, state, reason, now, liveKey, endedKey, usersKey, preKey, ttl)
  if rec[2] == 'waiting' and rec[9] ~= '' then redis.call('ZREM', preKey, rec[9] .. token) end
  rec[2] = state
  rec[8] = now
  rec[10] = reason
  redis.call('HDEL', liveKey, token)
  redis.call('SET', endedKey, format(rec), 'PX', ttl)
  if redis.call('HGET', usersKey, rec[1]) == token then redis.call('HDEL', usersKey, rec[1]) end
  emit('queue.ended', now, EVENT_OWNER, rec[1], nil, '{"token":' .. cjson.encode(token) .. ',"reason":' .. cjson.encode(reason) .. '}')
end

-- Expires each of `due` (tokens read from an index) that is still `state` in the live records, with `reason`;
-- a stray index entry is just dropped. `indexes` are the sorted sets to take every one of them out of.
-- Returns the tokens it expired.
local function retireDue(due, state, reason, now, indexes, liveKey, endedPrefix, usersKey, preKey, ttl)
  local done = {}
  for _, token in ipairs(due) do
    for _, index in ipairs(indexes) do redis.call('ZREM', index, token) end
    local raw = redis.call('HGET', liveKey, token)
    if raw then
      local rec = parse(raw)
      if rec[2] == state then
        retire(rec, token, 'expired', reason, now, liveKey, endedPrefix .. token, usersKey, preKey, ttl)
        done[#done + 1] = token
      end
    end
  end
  return done
end

-- Makes a waiting record active until `activeUntil`, counted as an admission at `now` (both decimal strings).
local function activate(rec, token, now, activeUntil, liveKey, activeKey, admitsKey)
  rec[2] = 'active'
  rec[6] = now
  rec[7] = activeUntil
  redis.call('HSET', liveKey, token, format(rec))
  redis.call('ZADD', activeKey, activeUntil, token)
  redis.call('ZADD', admitsKey, now, token)
end

-- The pause-free clock idle time is counted on (SPEC "Operators": a paused queue's idle clocks stand still):
-- `at` less the paused time up to `at`, from the queue meta's pausedMs (ended pauses) and pausedAt (a running one).
-- Heartbeat scores are on this clock, so idle expiry needs no work per token when a pause begins or ends.
local function unpaused(metaKey, at)
  local p = redis.call('HMGET', metaKey, 'pausedMs', 'pausedAt')
  local ms = tonumber(p[1] or '0')
  if p[2] then ms = ms + math.max(0, at - tonumber(p[2])) end
  return at - ms
end
