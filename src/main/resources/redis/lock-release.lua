-- Releases the reindex lock only for the holder of its token (a late invocation must not free another's lock).
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
