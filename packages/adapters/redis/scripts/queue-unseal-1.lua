-- queue-unseal: a queue sealed as sold_out takes entrants and admits again (a seat came back and nobody on the
-- waiting list wants it), announced as sale.opened; sealed as closed, or not sealed: nothing changes. The tokens
-- the seal ended stay ended.
-- KEYS[1] queue meta (hash: sealed, ...)
-- ARGV[1] now   ARGV[2..5] the event stream, its bound, the queue id and the stream index (see event.lua)
-- returns 1 when it unsealed, 0 otherwise
-- @include event
if redis.call('HGET', KEYS[1], 'sealed') ~= 'sold_out' then return 0 end
redis.call('HDEL', KEYS[1], 'sealed')
emit('sale.opened', ARGV[1], EVENT_OWNER, nil, nil, '{"openedAt":' .. ARGV[1] .. '}')
return 1
