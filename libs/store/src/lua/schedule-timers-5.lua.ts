/** Source of the `scheduleTimers` command (upsert of a batch of timers). */
export const scheduleTimers5 = `
--[[
  Upserts timers: stores each payload and due time, unless the same or a newer generation is pending, or the
  generation was already fired or cancelled (a redelivered schedule must not revive it). A newer generation
  replaces the pending one, also while an instance is firing it (Wazuh's abort path restarts the timeout).

  Input:
    KEYS[1] due         ZSET id -> due (epoch ms)
    KEYS[2] claimed     ZSET id -> lease expiry (epoch ms)
    KEYS[3] payload     HASH id -> stored timer (JSON)
    KEYS[4] generation  HASH id -> generation (addedAt, epoch ms)
    KEYS[5] retired     HASH id -> last fired or cancelled generation

    ARGV    groups of 4: id, generation, due (epoch ms), payload

  Output:
    one code per timer, in order:
      1 created, 2 replaced an older pending generation, 0 duplicate (this generation is pending),
      3 stale (older than the pending generation), 4 retired (this generation was fired or cancelled)
    -1 an argument is not a number, -2 the argument count is not a multiple of 4
]]
local n = #ARGV
if n % 4 ~= 0 then return -2 end
local out = {}
for i = 1, n, 4 do
  local id = ARGV[i]
  local gen = tonumber(ARGV[i + 1])
  local due = tonumber(ARGV[i + 2])
  if not gen or not due then return -1 end
  local current = tonumber(redis.call('HGET', KEYS[4], id))
  local retired = tonumber(redis.call('HGET', KEYS[5], id))
  local code
  if current and gen == current then
    code = 0
  elseif current and gen < current then
    code = 3
  elseif retired and gen <= retired then
    code = 4
  else
    redis.call('HSET', KEYS[3], id, ARGV[i + 3])
    redis.call('HSET', KEYS[4], id, ARGV[i + 1])
    redis.call('ZREM', KEYS[2], id)
    redis.call('ZADD', KEYS[1], ARGV[i + 2], id)
    if current then code = 2 else code = 1 end
  end
  out[#out + 1] = code
end
return out
`;
