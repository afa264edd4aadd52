-- Replaces (mode "replace") or deletes (mode "delete") one document's chunks in a single atomic step,
-- keeping the vector set, the BM25 postings and the document record consistent.
-- Everything that can be refused is checked before the first write: Redis does not roll scripts back.
--
-- KEYS: 1 document hash, 2 vector set, 3 lexical stats hash, 4 index identity hash, 5 set of document ids
-- ARGV: 1 key prefix, 2 mode, 3 document id, 4 model, 5 dimension, 6 quantization, 7 build EF, 8 M,
--       9 document JSON, 10 chunk ids JSON array, 11 title, 12 url,
--       then 6 per chunk: id, FP32 vector, attributes JSON, text, heading path JSON, "term tf term tf ..."
local docKey, vset, stats, identity, docs = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local prefix, mode, docId = ARGV[1], ARGV[2], ARGV[3]

local function chunkKey(id) return prefix .. ':chunk:' .. id end
local function postingsKey(term) return prefix .. ':lex:' .. term end

local function removeChunks()
  local ids = redis.call('HGET', docKey, 'chunkIds')
  if not ids then return false end
  for _, id in ipairs(cjson.decode(ids)) do
    local key = chunkKey(id)
    local fields = redis.call('HMGET', key, 'terms', 'len')
    if fields[1] then
      for term in string.gmatch(fields[1], '%S+') do
        redis.call('HDEL', postingsKey(term), id)
      end
      redis.call('HINCRBY', stats, 'chunks', -1)
      redis.call('HINCRBY', stats, 'length', -tonumber(fields[2]))
    end
    redis.call('VREM', vset, id)
    redis.call('DEL', key)
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

local quant, ef, m = ARGV[6], ARGV[7], ARGV[8]
for i = 13, #ARGV, 6 do
  local id, vector, attrs, text, headings, terms = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  redis.call('VADD', vset, 'FP32', vector, id, quant, 'EF', ef, 'M', m, 'SETATTR', attrs)
  local termList, counts, length = {}, {}, 0
  for term, tf in string.gmatch(terms, '(%S+) (%d+)') do
    termList[#termList + 1] = term
    counts[#counts + 1] = tonumber(tf)
    length = length + tonumber(tf)
  end
  for t = 1, #termList do
    -- tf and chunk length packed in one integer so BM25 needs one HGETALL per query term
    redis.call('HSET', postingsKey(termList[t]), id, length * 1024 + math.min(counts[t], 1023))
  end
  redis.call('HSET', chunkKey(id), 'doc', docId, 'idx', (i - 13) / 6, 'text', text,
    'title', ARGV[11], 'url', ARGV[12], 'headings', headings,
    'meta', attrs, 'terms', table.concat(termList, ' '), 'len', length)
  redis.call('HINCRBY', stats, 'chunks', 1)
  redis.call('HINCRBY', stats, 'length', length)
end

redis.call('DEL', docKey)
redis.call('HSET', docKey, 'json', ARGV[9], 'chunkIds', ARGV[10])
redis.call('SADD', docs, docId)
return 1
