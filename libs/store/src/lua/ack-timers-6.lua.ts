import { pruneRetired } from './prune-retired.lua';

/** Source of the `ackTimers` command (forget timers whose delete was published). */
export const ackTimers6 = `
--[[
  Acknowledges fired timers, each with the generation that was fired: removes the timer and remembers the
  generation as retired, unless the timer was re-scheduled meanwhile (a newer generation), which then stays.
  Also forgets retired generations older than the retention.

  Input:
    KEYS[1] due         ZSET id -> due (epoch ms)
    KEYS[2] claimed     ZSET id -> lease expiry (epoch ms)
    KEYS[3] payload     HASH id -> stored timer (JSON)
    KEYS[4] generation  HASH id -> generation
    KEYS[5] retired     HASH id -> last fired or cancelled generation
    KEYS[6] retiredAt   ZSET id -> when it was retired (epoch ms)

    ARGV[1] now (epoch ms)
    ARGV[2] retire-before (epoch ms): retired generations older than this are forgotten
    ARGV[3..] pairs: id, generation

  Output:
    the number of timers removed
    -1 an argument is not a number, -2 the ids and generations do not pair up
]]
${pruneRetired}
local now = tonumber(ARGV[1])
local before = tonumber(ARGV[2])
if not now or not before then return -1 end
if (#ARGV - 2) % 2 ~= 0 then return -2 end
local n = 0
for i = 3, #ARGV, 2 do
  local id = ARGV[i]
  local gen = tonumber(ARGV[i + 1])
  if not gen then return -1 end
  local current = redis.call('HGET', KEYS[4], id)
  if current and tonumber(current) == gen then
    redis.call('ZREM', KEYS[1], id)
    redis.call('ZREM', KEYS[2], id)
    redis.call('HDEL', KEYS[3], id)
    redis.call('HDEL', KEYS[4], id)
    redis.call('HSET', KEYS[5], id, current)
    redis.call('ZADD', KEYS[6], now, id)
    n = n + 1
  end
end
pruneRetired(KEYS[5], KEYS[6], before, 100 + #ARGV)
return n
`;
