/** Source of the `recordHeartbeats` command (agent registry writes). */
export const recordHeartbeats3 = `
--[[
  Records executor heartbeats, skipping one older than the agent's last recorded heartbeat (Kafka
  redelivery or reordering must not bring back an old state).

  Input:
    KEYS[1] info         HASH agent id -> last heartbeat (JSON)
    KEYS[2] seen         ZSET agent id -> at of the last heartbeat (epoch ms)
    KEYS[3] activeUntil  ZSET agent id -> at + ttlMs while online (epoch ms)

    ARGV    groups of 4: agent id, at (epoch ms), active-until (epoch ms, or '' when stopping), heartbeat

  Output:
    the number of heartbeats recorded
    -1 an argument is not a number, -2 the argument count is not a multiple of 4
]]
if #ARGV % 4 ~= 0 then return -2 end
local n = 0
for i = 1, #ARGV, 4 do
  local id = ARGV[i]
  local at = tonumber(ARGV[i + 1])
  local untilMs = ARGV[i + 2]
  if not at or (untilMs ~= '' and not tonumber(untilMs)) then return -1 end
  local last = tonumber(redis.call('ZSCORE', KEYS[2], id))
  if not last or at >= last then
    redis.call('HSET', KEYS[1], id, ARGV[i + 3])
    redis.call('ZADD', KEYS[2], at, id)
    if untilMs == '' then
      redis.call('ZREM', KEYS[3], id)
    else
      redis.call('ZADD', KEYS[3], untilMs, id)
    end
    n = n + 1
  end
end
return n
`;
