/** Source of the `releaseTimers` command (give claims back at once after a failed publish). */
export const releaseTimers2 = `
--[[
  Gives claimed timers back to \`due\` at once, at their own due time (their delete could not be published),
  instead of waiting for the lease to expire. Ids no longer claimed (acked, re-scheduled or reclaimed
  meanwhile) are left alone.

  Input:
    KEYS[1] claimed  ZSET id -> lease expiry (epoch ms)
    KEYS[2] due      ZSET id -> due (epoch ms)

    ARGV    pairs: id, due (epoch ms)

  Output:
    the number of timers given back
    -1 a due time is not a number, -2 the ids and due times do not pair up
]]
if #ARGV % 2 ~= 0 then return -2 end
local n = 0
for i = 1, #ARGV, 2 do
  local due = tonumber(ARGV[i + 1])
  if not due then return -1 end
  if redis.call('ZREM', KEYS[1], ARGV[i]) == 1 then
    redis.call('ZADD', KEYS[2], due, ARGV[i])
    n = n + 1
  end
end
return n
`;
