-- Reads the chunks behind the given handles in one atomic step, so the chunks a search returns come from one moment,
-- one version of each document. A VSIM can have found a document's old and new handles at once (it runs on worker
-- threads, beside a write), and a document can have been replaced since: of each document only the chunks of one
-- write are kept, its current one if any of them was found, else the latest found. A chunk replaced since it was
-- scored is still read (its record outlives its removal by a grace period) with the title and url it had.
--
-- KEYS: 1 vector set (for the stored vectors asked for)
-- ARGV: 1 partition prefix, then pairs: handle, "v" to add the stored vector (else "-")
-- Returns a flat array, 9 entries per chunk kept, in the order asked: handle, chunk id, document id, position, text,
-- heading path JSON, title, url, and the stored vector as an array of numbers (empty when not asked for or no longer
-- stored).
local prefix = ARGV[1]
local found, documents, chosen = {}, {}, {}
for i = 2, #ARGV, 2 do
  local stored = redis.call('GET', prefix .. ':c:' .. ARGV[i])
  if stored then
    -- the record's JSON header, then its terms and its text after two newlines (partition-write.lua)
    local first = string.find(stored, '\n', 1, true)
    local chunk = cjson.decode(string.sub(stored, 1, first - 1))
    local text = string.sub(stored, string.find(stored, '\n', first + 1, true) + 1)
    found[#found + 1] = { handle = ARGV[i], chunk = chunk, text = text, vector = ARGV[i + 1] == 'v' }
    if not documents[chunk.d] then
      documents[chunk.d] = redis.call('HMGET', prefix .. ':doc:' .. chunk.d, 'v', 'title', 'url')
    end
    local current = tonumber(documents[chunk.d][1] or '-1')
    local best = chosen[chunk.d]
    if best ~= current and (chunk.v == current or best == nil or chunk.v > best) then
      chosen[chunk.d] = chunk.v
    end
  end
end

local result = {}
for _, entry in ipairs(found) do
  local chunk = entry.chunk
  if chunk.v == chosen[chunk.d] then
    local document = documents[chunk.d]
    local title, url = chunk.tt, chunk.u
    if not title then
      title, url = document[2] or '', document[3] or ''
    end
    local vector = {}
    if entry.vector then vector = redis.call('VEMB', KEYS[1], entry.handle) or {} end
    result[#result + 1] = entry.handle
    result[#result + 1] = chunk.c
    result[#result + 1] = chunk.d
    result[#result + 1] = tostring(chunk.i)
    result[#result + 1] = entry.text
    result[#result + 1] = chunk.h
    result[#result + 1] = title
    result[#result + 1] = url
    result[#result + 1] = vector
  end
end
return result
