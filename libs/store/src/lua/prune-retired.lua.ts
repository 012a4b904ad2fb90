/**
 * Lua include (bullmq `includes/` style), pasted into the scripts that retire timers: forgets retired
 * generations older than the retention, a bounded number per call.
 */
export const pruneRetired = `
local function pruneRetired(retiredKey, retiredAtKey, before, limit)
  local old = redis.call('ZRANGEBYSCORE', retiredAtKey, '-inf', before, 'LIMIT', 0, limit)
  if #old > 0 then
    redis.call('HDEL', retiredKey, unpack(old))
    redis.call('ZREM', retiredAtKey, unpack(old))
  end
end
`;
