-- sale-update: compare-and-set of a sale on its version, with its audit entry in the same step, so two
-- operators racing from one version cannot both win and each change has exactly one entry.
-- KEYS[1] sales (hash id -> JSON)   KEYS[2] audit log (zset: id -> entry JSON)   KEYS[3] audit id counter
-- ARGV[1] sale id   ARGV[2] expected version   ARGV[3] next sale JSON   ARGV[4] audit draft JSON (an object without id)
-- ARGV[5] the change's time (epoch ms)   ARGV[6] what it changed to (JSON object): the sale.changed event's data
-- ARGV[7..10] the event stream, its bound, the sale id and the stream index (see event.lua)
-- returns the entry JSON, or '' when nothing was written (no such sale, or another version is stored)
-- @include audit-entry
-- @include event

local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return '' end
-- A sale stored before versions existed counts as version 0.
local version = cjson.decode(raw).version
if type(version) ~= 'number' then version = 0 end
if version ~= tonumber(ARGV[2]) then return '' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
emit('sale.changed', ARGV[5], ARGV[1], nil, nil, '{"changes":' .. ARGV[6] .. '}')
return appendEntry(KEYS[2], KEYS[3], ARGV[4])
