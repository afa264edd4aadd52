-- Records (or replaces) one answer's feedback and moves its chunks' ratings in one atomic step, so a
-- replaced rating's effect is taken back exactly once however many requests race.
-- A chunk's rating is stored as "<sum>:<epoch millis>" and decays by half every half-life; the effect of
-- an earlier rating of this answer is removed at its decayed worth (decay is linear in the sum).
--
-- KEYS: 1 feedback hash of the answer, 2 chunk ratings hash, 3 examples zset, 4 preference-pairs zset, 5 gaps zset
-- ARGV: 1 answer id, 2 now (epoch millis), 3 half-life (millis), 4 delta (+1, -1), 5 chunk ids JSON array,
--       6 feedback JSON, 7/8/9 "1" when the answer belongs in the examples / pairs / gaps set
local feedback, chunks = KEYS[1], KEYS[2]
local answerId, now, halfLife = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])

local function decayed(value, since)
  return value * math.pow(0.5, math.max(0, now - since) / halfLife)
end

local function add(chunk, delta)
  local sum, at = 0, now
  local stored = redis.call('HGET', chunks, chunk)
  if stored then
    local s, t = string.match(stored, '^([^:]+):(%d+)$')
    sum, at = decayed(tonumber(s), tonumber(t)), math.max(now, tonumber(t))
  end
  redis.call('HSET', chunks, chunk, string.format('%.6f:%d', sum + delta, at))
end

local old = redis.call('HMGET', feedback, 'delta', 'ratedAt', 'chunks')
if old[1] then
  local oldDelta = decayed(tonumber(old[1]), tonumber(old[2]))
  for _, chunk in ipairs(cjson.decode(old[3])) do add(chunk, -oldDelta) end
end
local delta = tonumber(ARGV[4])
for _, chunk in ipairs(cjson.decode(ARGV[5])) do add(chunk, delta) end
redis.call('HSET', feedback, 'delta', ARGV[4], 'ratedAt', ARGV[2], 'chunks', ARGV[5], 'json', ARGV[6])

for i = 3, 5 do
  if ARGV[i + 4] == '1' then redis.call('ZADD', KEYS[i], now, answerId) else redis.call('ZREM', KEYS[i], answerId) end
end
if old[1] then return 1 end
return 0
