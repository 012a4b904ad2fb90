/** Source of the `claimDue` command (take due timers with a lease). */
export const claimDue4 = `
--[[
  Claims up to \`limit\` due timers for one scheduler instance: moves them from \`due\` to \`claimed\`, scored
  with the lease expiry, and returns them, oldest due first. One script, so concurrent instances never claim
  the same timer. An id without payload (should not happen) is dropped and not returned.

  Input:
    KEYS[1] due         ZSET id -> due (epoch ms)
    KEYS[2] claimed     ZSET id -> lease expiry (epoch ms)
    KEYS[3] payload     HASH id -> stored timer (JSON)
    KEYS[4] generation  HASH id -> generation

    ARGV[1] now (epoch ms)
    ARGV[2] limit (at most 5000: unpack stays within Lua's stack)
    ARGV[3] lease expiry (epoch ms)

  Output:
    flat list: id, generation, payload for each claimed timer
    -1 an argument is not a number or the limit is out of range
]]
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local expiry = tonumber(ARGV[3])
if not now or not limit or not expiry or limit < 1 or limit > 5000 then return -1 end
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, limit)
if #ids == 0 then return {} end
-- The due ones are the lowest ranks, in the same order.
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, #ids - 1)
local payloads = redis.call('HMGET', KEYS[3], unpack(ids))
local gens = redis.call('HMGET', KEYS[4], unpack(ids))
local out = {}
local lease = {}
for i, id in ipairs(ids) do
  if payloads[i] then
    lease[#lease + 1] = expiry
    lease[#lease + 1] = id
    out[#out + 1] = id
    out[#out + 1] = gens[i] or '0'
    out[#out + 1] = payloads[i]
  else
    redis.call('HDEL', KEYS[4], id)
  end
end
if #lease > 0 then redis.call('ZADD', KEYS[2], unpack(lease)) end
return out
`;
