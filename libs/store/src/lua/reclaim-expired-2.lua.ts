/** Source of the `reclaimExpired` command (return timers of dead claimers to due). */
export const reclaimExpired2 = `
--[[
  Returns timers whose lease expired (the instance that claimed them died or hung before its ack) to \`due\`,
  scored \`now\` so the next claim takes them: at-least-once, BullMQ's stalled-job idea. The lease is the
  claim's score, so one pass suffices (no separate lock key, unlike BullMQ's two-phase check).

  Input:
    KEYS[1] claimed  ZSET id -> lease expiry (epoch ms)
    KEYS[2] due      ZSET id -> due (epoch ms)

    ARGV[1] now (epoch ms)
    ARGV[2] limit (at most 5000)

  Output:
    the ids returned to due
    -1 an argument is not a number or the limit is out of range
]]
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
if not now or not limit or limit < 1 or limit > 5000 then return -1 end
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, limit)
if #ids == 0 then return {} end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, #ids - 1)
local args = {}
for _, id in ipairs(ids) do
  args[#args + 1] = now
  args[#args + 1] = id
end
redis.call('ZADD', KEYS[2], unpack(args))
return ids
`;
