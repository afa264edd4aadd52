-- BM25 (k1 = 1.2, b = 0.75) over the postings write-document.lua keeps, scored inside Redis so a query
-- costs one round trip. Returns a flat array: chunk id, score, chunk id, score, ... best first.
--
-- KEYS: 1 lexical stats hash
-- ARGV: 1 key prefix, 2 how many to return, 3.. distinct query terms
local n = tonumber(redis.call('HGET', KEYS[1], 'chunks') or '0')
if n <= 0 then return {} end
local averageLength = math.max(tonumber(redis.call('HGET', KEYS[1], 'length') or '1') / n, 1)
local k1, b = 1.2, 0.75

local scores = {}
for i = 3, #ARGV do
  local postings = redis.call('HGETALL', ARGV[1] .. ':lex:' .. ARGV[i])
  local df = #postings / 2
  if df > 0 then
    local idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
    for j = 1, #postings, 2 do
      local packed = tonumber(postings[j + 1])
      local tf = packed % 1024
      local length = math.floor(packed / 1024)
      local id = postings[j]
      scores[id] = (scores[id] or 0) + idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / averageLength))
    end
  end
end

local ranked = {}
for id, score in pairs(scores) do ranked[#ranked + 1] = { id, score } end
table.sort(ranked, function(x, y) if x[2] == y[2] then return x[1] < y[1] end return x[2] > y[2] end)

local result = {}
for i = 1, math.min(tonumber(ARGV[2]), #ranked) do
  local fields = redis.call('HMGET', ARGV[1] .. ':chunk:' .. ranked[i][1], 'doc', 'idx', 'text', 'title', 'url', 'headings', 'meta')
  result[#result + 1] = ranked[i][1]
  result[#result + 1] = string.format('%.6f', ranked[i][2])
  for f = 1, 7 do result[#result + 1] = fields[f] or '' end
end
return result
