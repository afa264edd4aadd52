-- Replaces (mode "replace") or deletes (mode "delete") one document's chunk hashes in a single atomic step.
-- The search index (FT.*) follows hash writes as they happen, so doing every DEL and HSET inside one script
-- keeps a concurrent FT.SEARCH from seeing a document half old and half new.
-- Everything that can be refused is checked before the first write: Redis does not roll scripts back.
--
-- KEYS: 1 document hash, 2 index identity hash, 3 set of document ids
-- ARGV: 1 key prefix, 2 mode, 3 document id, 4 model, 5 dimension, 6 document JSON, 7 chunk ids JSON array,
--       8 title, 9 url, 10 metadata JSON, 11 filter fields as a JSON array [name, value, name, value, ...],
--       then 5 per chunk: id, position, FP32 vector, text, heading path JSON
local docKey, identity, docs = KEYS[1], KEYS[2], KEYS[3]
local prefix, mode, docId = ARGV[1], ARGV[2], ARGV[3]

local function chunkKey(id) return prefix .. ':chunk:' .. id end

local function removeChunks()
  local ids = redis.call('HGET', docKey, 'chunkIds')
  if not ids then return false end
  for _, id in ipairs(cjson.decode(ids)) do
    redis.call('DEL', chunkKey(id))
  end
  return true
end

if mode == 'delete' then
  local existed = removeChunks()
  redis.call('DEL', docKey)
  redis.call('SREM', docs, docId)
  return existed and 1 or 0
end

local model, dim = ARGV[4], ARGV[5]
local stored = redis.call('HMGET', identity, 'model', 'dim')
if stored[1] and (stored[1] ~= model or stored[2] ~= dim) then
  return redis.error_reply('MISMATCH ' .. stored[1] .. ' ' .. stored[2])
end

removeChunks()
redis.call('HSET', identity, 'model', model, 'dim', dim)

local filterFields = cjson.decode(ARGV[11])
for i = 12, #ARGV, 5 do
  -- one HSET per chunk, so the search index sees each chunk once and complete
  local fields = { 'doc', docId, 'idx', ARGV[i + 1], 'vector', ARGV[i + 2], 'text', ARGV[i + 3],
    'headings', ARGV[i + 4], 'title', ARGV[8], 'url', ARGV[9], 'meta', ARGV[10] }
  for f = 1, #filterFields do fields[#fields + 1] = filterFields[f] end
  redis.call('HSET', chunkKey(ARGV[i]), unpack(fields))
end

redis.call('DEL', docKey)
redis.call('HSET', docKey, 'json', ARGV[6], 'chunkIds', ARGV[7])
redis.call('SADD', docs, docId)
return 1
