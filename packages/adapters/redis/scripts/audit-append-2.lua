-- audit-append: one operator action outside the sales (a concert published).
-- KEYS[1] audit log (zset: id -> entry JSON)   KEYS[2] audit id counter   ARGV[1] draft JSON (an object without id)
-- returns the entry JSON
-- @include audit-entry

return appendEntry(KEYS[1], KEYS[2], ARGV[1])
