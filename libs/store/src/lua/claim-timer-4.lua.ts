/** Source of the `claimTimer` command (take one timer now, due or not: an operator's "fire now"). */
export const claimTimer4 = `
--[[
  Claims one timer, due or not, with a lease, so an operator can fire it now without losing it if the
  publish fails (the lease expires and the timer is returned to \`due\`).

  Input:
    KEYS[1] due         ZSET id -> due (epoch ms)
    KEYS[2] claimed     ZSET id -> lease expiry (epoch ms)
    KEYS[3] payload     HASH id -> stored timer (JSON)
    KEYS[4] generation  HASH id -> generation

    ARGV[1] id
    ARGV[2] lease expiry (epoch ms)

  Output:
    {1, generation, payload} claimed
    {0} no such timer
    {2} an instance is firing it right now
    -1 the lease expiry is not a number
]]
local id = ARGV[1]
local expiry = tonumber(ARGV[2])
if not expiry then return -1 end
if redis.call('ZSCORE', KEYS[2], id) then return {2} end
if not redis.call('ZSCORE', KEYS[1], id) then return {0} end
redis.call('ZREM', KEYS[1], id)
local payload = redis.call('HGET', KEYS[3], id)
if not payload then
  redis.call('HDEL', KEYS[4], id)
  return {0}
end
redis.call('ZADD', KEYS[2], expiry, id)
return {1, redis.call('HGET', KEYS[4], id) or '0', payload}
`;
