-- Replaces (mode "replace") or deletes (mode "delete") one document in one index partition, in one atomic step,
-- keeping the vector set, the lexical postings, the statistics and the document record consistent.
-- Every key is in the partition's hash slot. Everything that can be refused is checked before the first write:
-- Redis does not roll scripts back.
--
-- Chunks are stored under handles that are never reused (a counter per partition): a handle always names the
-- same text and vector, and every chunk record carries the write it came from (v). VSIM runs on Redis' worker
-- threads and can see the vector set between two commands of this script, so the new vectors go in before the old
-- ones come out: such a VSIM finds the document (old, new or both, which partition-fetch.lua sorts out), never
-- none. A removed chunk leaves the vector set and the postings at once, but its record stays readable for a short
-- grace period (then expires): a search that found its handle a moment before still reads the version it scored.
--
-- Lexical postings: one sorted set per term, member = handle, score = the posting's BM25 term weight at write
-- time (quantised, in the high bits; it orders the set so a search can read the best postings first) with the
-- chunk's length and the term's frequency packed in the low bits, so a search can compute the exact BM25 weight
-- with the statistics current at query time. A term keeps its best postings only (static index pruning): a search
-- reads at most its budget of a term's postings anyway, and a chunk beyond a common term's best ones loses only that
-- term's small weight. Each term's true document frequency is counted apart (P:df), for its idf.
--
-- KEYS: 1 document hash, 2 vector set, 3 statistics hash, 4 partition identity hash, 5 set of document ids,
--       6 handle counter
-- A chunk record is one string: a small JSON header (c: chunk id, d: document id, i: position, v: the write, h: heading
-- path as JSON text, n: its length in terms; a removed one also keeps its document's title and url as tt and u), a
-- newline, its distinct terms, a newline, its text. Readers decode the header only. The document record holds its
-- handles, its write (v), title, url and JSON.
-- ARGV: 1 partition prefix, 2 mode, 3 document id, 4 model, 5 dimension, 6 quantization, 7 build EF, 8 M,
--       9 document JSON, 10 title, 11 url, 12 postings kept per term,
--       then 7 per chunk: chunk id, position, FP32 vector, attributes JSON, text, heading path JSON, "term tf term tf ..."
local docKey, vset, stats, identity, docs, counter = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local prefix, mode, docId = ARGV[1], ARGV[2], ARGV[3]
local K1, B = 1.2, 0.75
local LOW = 4194304 -- 2^22: length (12 bits) and term frequency (10 bits) live below it
local GRACE_MILLIS = 10000

local function chunkKey(handle) return prefix .. ':c:' .. handle end
local function postingsKey(term) return prefix .. ':lex:' .. term end
local frequencies = prefix .. ':df'

-- header, terms and text of a chunk record
local function parse(stored)
  local first = string.find(stored, '\n', 1, true)
  local second = string.find(stored, '\n', first + 1, true)
  return cjson.decode(string.sub(stored, 1, first - 1)), string.sub(stored, first + 1, second - 1), string.sub(stored, second)
end

-- the document's chunks as stored now: handle and record
local function currentChunks()
  local document = redis.call('HMGET', docKey, 'handles', 'title', 'url')
  local current = {}
  if document[1] then
    for handle in string.gmatch(document[1], '%S+') do
      local stored = redis.call('GET', chunkKey(handle))
      local entry = { handle = handle }
      if stored then entry.chunk, entry.terms, entry.rest = parse(stored) end
      current[#current + 1] = entry
    end
  end
  return current, document
end

local function removeChunks(old, document)
  for _, entry in ipairs(old) do
    local chunk = entry.chunk
    if chunk then
      for term in string.gmatch(entry.terms, '%S+') do
        redis.call('ZREM', postingsKey(term), entry.handle)
        if redis.call('HINCRBY', frequencies, term, -1) <= 0 then redis.call('HDEL', frequencies, term) end
      end
      redis.call('HINCRBY', stats, 'chunks', -1)
      redis.call('HINCRBY', stats, 'length', -chunk.n)
      chunk.tt, chunk.u = document[2] or '', document[3] or ''
      redis.call('SET', chunkKey(entry.handle), cjson.encode(chunk) .. '\n' .. entry.terms .. entry.rest, 'PX', GRACE_MILLIS)
    end
    redis.call('VREM', vset, entry.handle)
  end
end

local old, document = currentChunks()

if mode == 'delete' then
  removeChunks(old, document)
  redis.call('DEL', docKey)
  redis.call('SREM', docs, docId)
  return document[1] and 1 or 0
end

local model, dim = ARGV[4], ARGV[5]
local stored = redis.call('HMGET', identity, 'model', 'dim')
if stored[1] and (stored[1] ~= model or stored[2] ~= dim) then
  return redis.error_reply('MISMATCH ' .. stored[1] .. ' ' .. stored[2])
end
redis.call('HSET', identity, 'model', model, 'dim', dim)

-- parse every chunk's terms first: the weights are computed with the average length the partition will have
local chunks = {}
local addedLength, removedLength, removed = 0, 0, 0
local kept = tonumber(ARGV[12])
for i = 13, #ARGV, 7 do
  local terms, counts, length = {}, {}, 0
  for term, tf in string.gmatch(ARGV[i + 6], '(%S+) (%d+)') do
    terms[#terms + 1] = term
    counts[#counts + 1] = tonumber(tf)
    length = length + tonumber(tf)
  end
  chunks[#chunks + 1] = { id = ARGV[i], index = tonumber(ARGV[i + 1]), vector = ARGV[i + 2], attrs = ARGV[i + 3],
    text = ARGV[i + 4], headings = ARGV[i + 5], terms = terms, counts = counts, length = length }
  addedLength = addedLength + length
end
for _, entry in ipairs(old) do
  if entry.chunk then
    removed = removed + 1
    removedLength = removedLength + entry.chunk.n
  end
end
local current = redis.call('HMGET', stats, 'chunks', 'length')
local n = tonumber(current[1] or '0') - removed + #chunks
local averageLength = math.max((tonumber(current[2] or '0') - removedLength + addedLength) / math.max(n, 1), 1)

local function base36(value)
  local digits, out = '0123456789abcdefghijklmnopqrstuvwxyz', ''
  repeat
    local d = value % 36
    out = string.sub(digits, d + 1, d + 1) .. out
    value = math.floor(value / 36)
  until value == 0
  return out
end

local last = redis.call('INCRBY', counter, #chunks + 1)
local handles = {}
local quant, ef, m = ARGV[6], ARGV[7], ARGV[8]
for c, chunk in ipairs(chunks) do
  local handle = base36(last - #chunks - 1 + c)
  handles[#handles + 1] = handle
  redis.call('VADD', vset, 'FP32', chunk.vector, handle, quant, 'EF', ef, 'M', m, 'SETATTR', chunk.attrs)
  local length = math.min(chunk.length, 4095)
  for t = 1, #chunk.terms do
    local tf = math.min(chunk.counts[t], 1023)
    local weight = tf * (K1 + 1) / (tf + K1 * (1 - B + B * chunk.length / averageLength))
    local packed = math.floor(weight * 1048576) * LOW + length * 1024 + tf
    local key = postingsKey(chunk.terms[t])
    redis.call('ZADD', key, string.format('%.0f', packed), handle)
    redis.call('HINCRBY', frequencies, chunk.terms[t], 1)
    local held = redis.call('ZCARD', key)
    if held > kept then redis.call('ZPOPMIN', key, held - kept) end
  end
  redis.call('SET', chunkKey(handle), cjson.encode({ c = chunk.id, d = docId, i = chunk.index, v = last, h = chunk.headings,
    n = chunk.length }) .. '\n' .. table.concat(chunk.terms, ' ') .. '\n' .. chunk.text)
  redis.call('HINCRBY', stats, 'chunks', 1)
  redis.call('HINCRBY', stats, 'length', chunk.length)
end

removeChunks(old, document)
redis.call('DEL', docKey)
redis.call('HSET', docKey, 'json', ARGV[9], 'handles', table.concat(handles, ' '), 'v', last, 'title', ARGV[10], 'url', ARGV[11])
redis.call('SADD', docs, docId)
return 1
