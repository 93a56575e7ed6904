-- sale-create: stores a sale unless its id is taken (the first writer wins) and, when given, appends its audit
-- entry in the same step. KEYS[1] sales (hash id -> JSON)   KEYS[2] audit log (zset: id -> entry JSON)
-- KEYS[3] audit id counter   ARGV[1] sale id   ARGV[2] sale JSON   ARGV[3] audit draft JSON (an object without id) or ''
-- returns 1 when stored, 0 when the id was taken
-- @include audit-entry

if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
if ARGV[3] ~= '' then appendEntry(KEYS[2], KEYS[3], ARGV[3]) end
return 1
