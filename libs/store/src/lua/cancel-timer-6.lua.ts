import { pruneRetired } from './prune-retired.lua';

/** Source of the `cancelTimer` command (remove one pending timer, whatever its generation). */
export const cancelTimer6 = `
--[[
  Cancels a timer (early unblock: the caller sends the delete itself). Removes it whether pending or being
  fired, and remembers its generation as retired so a redelivered schedule of it cannot come back.

  Input:
    KEYS[1] due         ZSET id -> due (epoch ms)
    KEYS[2] claimed     ZSET id -> lease expiry (epoch ms)
    KEYS[3] payload     HASH id -> stored timer (JSON)
    KEYS[4] generation  HASH id -> generation
    KEYS[5] retired     HASH id -> last fired or cancelled generation
    KEYS[6] retiredAt   ZSET id -> when it was retired (epoch ms)

    ARGV[1] now (epoch ms)
    ARGV[2] retire-before (epoch ms): retired generations older than this are forgotten
    ARGV[3] id

  Output:
    the removed timer's payload, or nil when there was none
    -1 an argument is not a number
]]
${pruneRetired}
local now = tonumber(ARGV[1])
local before = tonumber(ARGV[2])
if not now or not before then return -1 end
local id = ARGV[3]
local current = redis.call('HGET', KEYS[4], id)
local payload = redis.call('HGET', KEYS[3], id)
redis.call('ZREM', KEYS[1], id)
redis.call('ZREM', KEYS[2], id)
redis.call('HDEL', KEYS[3], id)
redis.call('HDEL', KEYS[4], id)
if current then
  redis.call('HSET', KEYS[5], id, current)
  redis.call('ZADD', KEYS[6], now, id)
end
pruneRetired(KEYS[5], KEYS[6], before, 100)
return payload
`;
