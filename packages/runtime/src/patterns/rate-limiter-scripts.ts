import { LuaScript } from './lua-script';

/*
 * Both scripts read the clock with TIME on the server, so every caller (many Lambda containers,
 * many hosts) measures windows against one clock, and touch exactly one key (cluster-safe).
 * Each returns { allowed (0|1), remaining, resetAt (epoch ms) }.
 */

/**
 * Fixed window. KEYS[1] counts the requests allowed in the current window; the window opens with
 * the first request and the key expires when it ends. Denied requests are not counted.
 * ARGV: limit, window length in ms.
 */
export const FIXED_WINDOW_SCRIPT = new LuaScript(`
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local allowed = 0
if count < limit then
  count = redis.call('INCR', KEYS[1])
  allowed = 1
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], window)
  ttl = window
end
return { allowed, limit - count, now + ttl }
`);

/**
 * Sliding log. KEYS[1] is a sorted set holding one member per allowed request, scored by its
 * time in ms; a request at time T counts while now < T + window. Exact (no approximation), at the
 * cost of `limit` members per active client. ARGV: limit, window length in ms, a member unique
 * to this request.
 */
export const SLIDING_LOG_SCRIPT = new LuaScript(`
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  count = count + 1
  allowed = 1
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local resetAt = now + window
if oldest[2] then
  resetAt = tonumber(oldest[2]) + window
end
return { allowed, limit - count, resetAt }
`);

/**
 * Token bucket, as GCRA (generic cell rate algorithm): KEYS[1] holds the bucket's "theoretical arrival time" (TAT)
 * in µs. The bucket holds `burst` tokens and gains one every `interval` µs, so a full bucket allows `burst` requests
 * at once and then one per interval (never more). All arithmetic is on integer µs (exact in doubles up to 2^53), and
 * the TAT is stored with %.0f, not Lua's 14-digit tostring. ARGV: burst, interval in µs. The key expires when the
 * bucket is full again.
 */
export const TOKEN_BUCKET_SCRIPT = new LuaScript(`
local burst = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local capacity = interval * burst
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then
  tat = now
end
local allowed = 0
if tat + interval - now <= capacity then
  tat = tat + interval
  allowed = 1
  redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000))
end
local remaining = math.floor((capacity - (tat - now)) / interval)
local resetAt = now
if remaining < burst then
  resetAt = tat - (burst - remaining - 1) * interval
end
return { allowed, remaining, math.ceil(resetAt / 1000) }
`);
