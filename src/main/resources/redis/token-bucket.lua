-- A token bucket: refill by the time elapsed since the last call (Redis' clock, so every function instance
-- agrees), take one token if there is one.
-- KEYS[1] bucket hash {tokens, at (microseconds)}; ARGV[1] tokens per second; ARGV[2] bucket size.
-- Returns {1 taken | 0 refused, whole tokens left, milliseconds until a token is back (0 when taken)}.
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000000 * rate)
local taken = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  taken = 1
else
  wait = math.ceil((1 - tokens) / rate * 1000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
-- an idle bucket is full again after burst / rate seconds; it need not outlive that
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {taken, math.floor(tokens), wait}
