import type { CacheClient } from '../../runtime/connection';
import { CacheAside } from '../../runtime/patterns/cache-aside';
import { Leaderboard } from '../../runtime/patterns/leaderboard';
import { RateLimiter, RateLimitResult } from '../../runtime/patterns/rate-limiter';
import { bodyText, clientError, FunctionUrlEvent, FunctionUrlResult, json } from './http';

/** An item of the sample table (partition key `pk`). */
export type Item = Readonly<Record<string, unknown>>;

export interface HandlerDeps {
  readonly redis: CacheClient;
  /** Reads one item from the system of record; `undefined` when it does not exist. */
  readonly loadItem: (id: string) => Promise<Item | undefined>;
  /** Requests per client per minute. @default 60 */
  readonly rateLimitPerMinute?: number;
}

export type Handler = (event: FunctionUrlEvent) => Promise<FunctionUrlResult>;

const ITEM_ID = /^[A-Za-z0-9_-]{1,128}$/;
const ITEM_TTL_SECONDS = 300;
/** Unknown ids are remembered briefly so a scan of random ids cannot hammer the table. */
const MISSING_ITEM_TTL_SECONDS = 30;
const MAX_LEADERBOARD_SIZE = 100;

/**
 * Builds the sample API on top of the cache patterns. Every request is rate limited per client
 * first; the routes are thin adapters from HTTP to one pattern each.
 */
export function createHandler(deps: HandlerDeps): Handler {
  const items = new CacheAside<Item>(deps.redis, { keyPrefix: 'item:' });
  const limiter = new RateLimiter(deps.redis, { limit: deps.rateLimitPerMinute ?? 60, windowMs: 60_000 });
  const leaderboard = new Leaderboard(deps.redis, 'global');

  const getItem = async (id: string): Promise<FunctionUrlResult> => {
    if (!ITEM_ID.test(id)) return clientError(400, 'item id must be 1-128 characters of A-Z, a-z, 0-9, _ or -');
    // 'miss' means this request read the table; one that waited for another request's load of
    // the same id (single-flight) reports 'hit', since it cost the table nothing.
    let loaded = false;
    const item = await items.getOrLoad(
      id,
      () => {
        loaded = true;
        return deps.loadItem(id);
      },
      { ttl: ITEM_TTL_SECONDS, negativeTtl: MISSING_ITEM_TTL_SECONDS },
    );
    if (item === undefined) return clientError(404, `item ${id} not found`);
    return json(200, { item, cache: loaded ? 'miss' : 'hit' });
  };

  const postScore = async (event: FunctionUrlEvent): Promise<FunctionUrlResult> => {
    const input = parseScore(bodyText(event));
    if (typeof input === 'string') return clientError(400, input);
    const total = await leaderboard.increment(input.player, input.score);
    return json(200, { player: input.player, score: total });
  };

  const getLeaderboard = async (event: FunctionUrlEvent): Promise<FunctionUrlResult> => {
    const raw = event.queryStringParameters?.n ?? '10';
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < 1 || n > MAX_LEADERBOARD_SIZE) {
      return clientError(400, `n must be an integer from 1 to ${MAX_LEADERBOARD_SIZE}`);
    }
    return json(200, { leaders: await leaderboard.top(n) });
  };

  const route = (event: FunctionUrlEvent): Promise<FunctionUrlResult> => {
    const method = event.requestContext.http.method;
    const itemMatch = /^\/items\/([^/]*)$/.exec(event.rawPath);
    if (method === 'GET' && itemMatch) return getItem(decodeURIComponent(itemMatch[1]));
    if (method === 'POST' && event.rawPath === '/scores') return postScore(event);
    if (method === 'GET' && event.rawPath === '/leaderboard') return getLeaderboard(event);
    return Promise.resolve(clientError(404, `no route for ${method} ${event.rawPath}`));
  };

  return async (event) => {
    // Fail open: an unreachable cache must not take the API down with it.
    const rate = await limiter.consume(clientKey(event)).catch((err: unknown) => {
      console.warn('rate limiter unavailable, request allowed', err);
      return undefined;
    });
    if (rate && !rate.allowed) {
      const retryAfter = Math.max(1, Math.ceil((rate.resetAt - Date.now()) / 1000));
      return json(429, { error: 'rate limit exceeded' }, { ...rateHeaders(rate), 'retry-after': String(retryAfter) });
    }
    const response = await route(event);
    return rate ? { ...response, headers: { ...response.headers, ...rateHeaders(rate) } } : response;
  };
}

/** Callers signed with SigV4 are limited per IAM principal, anonymous ones per source IP. */
function clientKey(event: FunctionUrlEvent): string {
  return event.requestContext.authorizer?.iam?.userArn ?? `ip:${event.requestContext.http.sourceIp}`;
}

function rateHeaders(rate: RateLimitResult): Record<string, string> {
  return {
    'x-ratelimit-limit': String(rate.limit),
    'x-ratelimit-remaining': String(rate.remaining),
    'x-ratelimit-reset': String(Math.ceil(rate.resetAt / 1000)),
  };
}

/** Parses `{ player, score }`; returns the problem as a string when the body is invalid. */
function parseScore(body: string): { player: string; score: number } | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'body must be JSON: { "player": string, "score": number }';
  }
  const { player, score } = (parsed ?? {}) as { player?: unknown; score?: unknown };
  if (typeof player !== 'string' || player.length < 1 || player.length > 64) return 'player must be a string of 1-64 characters';
  if (typeof score !== 'number' || !Number.isFinite(score)) return 'score must be a finite number';
  return { player, score };
}
