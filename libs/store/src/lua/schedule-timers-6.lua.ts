/** Source of the `scheduleTimers` command (upsert of a batch of timers, reconciliation included). */
export const scheduleTimers6 = `
--[[
  Upserts timers: stores each payload and due time, unless the same or a newer generation is pending, or the
  generation was already fired or cancelled (a redelivered schedule must not revive it). A newer generation
  replaces the pending one, also while an instance is firing it (Wazuh's abort path restarts the timeout).

  A reconcile (the agent re-announcing a key it still holds, issue 11) inserts the timer when it is missing, like
  any schedule; and when its generation was already retired, the agent still holding it means the delete was lost:
  it is stored again, due at once, so it fires again. A generation retired after \`refire-before\` is left alone:
  its delete may still be on its way to the agent.

  Input:
    KEYS[1] due         ZSET id -> due (epoch ms)
    KEYS[2] claimed     ZSET id -> lease expiry (epoch ms)
    KEYS[3] payload     HASH id -> stored timer (JSON)
    KEYS[4] generation  HASH id -> generation (addedAt, epoch ms)
    KEYS[5] retired     HASH id -> last fired or cancelled generation
    KEYS[6] retiredAt   ZSET id -> when it was retired (epoch ms)

    ARGV[1] now (epoch ms)
    ARGV[2] refire-before (epoch ms)
    ARGV[3..] groups of 5: id, generation, due (epoch ms), payload, reconcile (1 or 0)

  Output:
    one code per timer, in order:
      1 created, 2 replaced an older pending generation, 0 duplicate (this generation is pending),
      3 stale (older than the pending generation), 4 retired (this generation was fired or cancelled),
      5 refired (a reconcile of a retired generation: stored again, due now)
    -1 an argument is not a number, -2 the argument count is not 2 plus a multiple of 5
]]
local n = #ARGV
if n < 2 or (n - 2) % 5 ~= 0 then return -2 end
local now = tonumber(ARGV[1])
local refireBefore = tonumber(ARGV[2])
if not now or not refireBefore then return -1 end
local out = {}
for i = 3, n, 5 do
  local id = ARGV[i]
  local gen = tonumber(ARGV[i + 1])
  local due = tonumber(ARGV[i + 2])
  if not gen or not due then return -1 end
  local current = tonumber(redis.call('HGET', KEYS[4], id))
  local code
  if current and gen == current then
    code = 0
  elseif current and gen < current then
    code = 3
  else
    local retired = tonumber(redis.call('HGET', KEYS[5], id))
    if not current and retired and gen <= retired then
      code = 4
      if ARGV[i + 4] == '1' then
        local at = tonumber(redis.call('ZSCORE', KEYS[6], id))
        if not at or at <= refireBefore then
          code = 5
          if due > now then due = now end
        end
      end
    elseif retired and gen <= retired then
      code = 4
    end
    if code == nil or code == 5 then
      redis.call('HSET', KEYS[3], id, ARGV[i + 3])
      redis.call('HSET', KEYS[4], id, ARGV[i + 1])
      redis.call('ZREM', KEYS[2], id)
      redis.call('ZADD', KEYS[1], due, id)
      if code == nil then
        if current then code = 2 else code = 1 end
      end
    end
  end
  out[#out + 1] = code
end
return out
`;
