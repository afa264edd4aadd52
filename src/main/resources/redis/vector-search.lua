-- VSIM and the read of the chunks it found, in one atomic step: a concurrent document replace can
-- never leave a reader with ids whose chunks are already gone or already rewritten.
-- Returns a flat array, 9 entries per chunk: id, score, doc, idx, text, title, url, headings, meta.
--
-- KEYS: 1 vector set
-- ARGV: 1 key prefix, 2.. the VSIM arguments after the key (must include WITHSCORES)
local reply = redis.call('VSIM', KEYS[1], unpack(ARGV, 2))
local result = {}
for i = 1, #reply, 2 do
  local fields = redis.call('HMGET', ARGV[1] .. ':chunk:' .. reply[i], 'doc', 'idx', 'text', 'title', 'url', 'headings', 'meta')
  if fields[1] then
    result[#result + 1] = reply[i]
    result[#result + 1] = tostring(reply[i + 1])
    for f = 1, 7 do result[#result + 1] = fields[f] or '' end
  end
end
return result
