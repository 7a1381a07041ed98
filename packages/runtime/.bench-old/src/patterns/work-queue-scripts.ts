import { LuaScript } from './lua-script';

/*
 * Both scripts touch the queue's stream and dead-letter stream only, which share a {hash tag}, so they run on
 * one shard in cluster mode.
 */

/**
 * Reclaims messages whose consumer has held them longer than the visibility timeout, with XAUTOCLAIM (which
 * also counts the delivery), and moves those already delivered `maxDeliveries` times to the dead-letter stream
 * (with `source-id` and `deliveries` fields: the times a processor got it) instead of handing them out again.
 * KEYS: stream, dead-letter stream. ARGV: group, consumer, min idle ms, cursor, count, max deliveries, dead-letter
 * MAXLEN. Returns { next cursor, { { id, { field, value, ... }, deliveries }, ... }, dead-lettered count }.
 */
export const RECLAIM_SCRIPT = new LuaScript(`
local group, consumer = ARGV[1], ARGV[2]
local claimed = redis.call('XAUTOCLAIM', KEYS[1], group, consumer, ARGV[3], ARGV[4], 'COUNT', ARGV[5])
local out = {}
local dead = 0
for _, entry in ipairs(claimed[2]) do
  if entry then
    local id, fields = entry[1], entry[2]
    local pending = redis.call('XPENDING', KEYS[1], group, id, id, 1)[1]
    local deliveries = pending and tonumber(pending[4]) or 1
    if deliveries > tonumber(ARGV[6]) then
      local args = { 'XADD', KEYS[2], 'MAXLEN', '~', ARGV[7], '*' }
      for _, item in ipairs(fields) do args[#args + 1] = item end
      args[#args + 1] = 'source-id'
      args[#args + 1] = id
      args[#args + 1] = 'deliveries'
      args[#args + 1] = tostring(deliveries - 1)
      redis.call(unpack(args))
      redis.call('XACK', KEYS[1], group, id)
      redis.call('XDEL', KEYS[1], id)
      dead = dead + 1
    else
      out[#out + 1] = { id, fields, deliveries }
    end
  end
end
return { claimed[1], out, dead }
`);

/**
 * Restarts the visibility timeout of a message still being processed, only if this consumer still owns it
 * (XCLAIM ... JUSTID does not count a delivery). KEYS: stream. ARGV: group, consumer, id. Returns 1 when extended.
 */
export const EXTEND_SCRIPT = new LuaScript(`
local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1)[1]
if not pending or pending[2] ~= ARGV[2] then
  return 0
end
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
return 1
`);
