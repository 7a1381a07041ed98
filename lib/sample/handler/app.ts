import {
  CacheAside,
  CacheUnavailableError,
  Leaderboard,
  RateLimiter,
  WorkQueue,
  type CacheClient,
  type NearCache,
  type RateLimitResult,
} from 'cdk-elasticache-runtime';
import { bodyText, clientError, FunctionUrlEvent, FunctionUrlResult, json } from './http';

/** An item of the sample table (partition key `pk`). */
export type Item = Readonly<Record<string, unknown>>;

export interface HandlerDeps {
  readonly redis: CacheClient;
  /** Reads one item from the system of record; `undefined` when it does not exist. */
  readonly loadItem: (id: string) => Promise<Item | undefined>;
  /** Requests per client per minute. @default 60 */
  readonly rateLimitPerMinute?: number;
  /**
   * Keeps hot items in process memory, invalidated by the cache (prefix `item:`), so a warm container answers
   * repeated reads without a round trip. The caller owns (and closes) it.
   * @default - none: every lookup reads the cache
   */
  readonly nearCache?: NearCache;
}

/** A job of the sample queue: some work to do later, outside the request. */
export interface Job {
  readonly task: string;
}

export type Handler = (event: FunctionUrlEvent) => Promise<FunctionUrlResult>;

const ITEM_ID = /^[A-Za-z0-9_-]{1,128}$/;
const ITEM_TTL_SECONDS = 300;
/** Unknown ids are remembered briefly so a scan of random ids cannot hammer the table. */
const MISSING_ITEM_TTL_SECONDS = 30;
const MAX_LEADERBOARD_SIZE = 100;
const MAX_TASK_LENGTH = 256;

/**
 * Builds the sample API on top of the cache patterns. Every request is rate limited per client
 * first; the routes are thin adapters from HTTP to one pattern each.
 */
export function createHandler(deps: HandlerDeps): Handler {
  const items = new CacheAside<Item>(deps.redis, { keyPrefix: 'item:', nearCache: deps.nearCache });
  const jobs = new WorkQueue<Job>(deps.redis, 'jobs');
  const limiter = new RateLimiter(deps.redis, { limit: deps.rateLimitPerMinute ?? 60, windowMs: 60_000 });
  const leaderboard = new Leaderboard(deps.redis, 'global');

  const getItem = async (id: string): Promise<FunctionUrlResult> => {
    if (!ITEM_ID.test(id)) return clientError(400, 'item id must be 1-128 characters of A-Z, a-z, 0-9, _ or -');
    // 'miss' means this request read the table; one that waited for another request's load of
    // the same id (single-flight) reports 'hit', since it cost the table nothing. 'near' means
    // process memory answered (a Lambda container handles one request at a time, so the counter
    // moved for this request).
    const localHitsBefore = deps.nearCache?.stats().localHits ?? 0;
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
    const near = (deps.nearCache?.stats().localHits ?? 0) > localHitsBefore;
    return json(200, { item, cache: loaded ? 'miss' : near ? 'near' : 'hit' });
  };

  const postJob = async (event: FunctionUrlEvent): Promise<FunctionUrlResult> => {
    const input = parseJob(bodyText(event));
    if (typeof input === 'string') return clientError(400, input);
    return json(202, { id: await jobs.enqueue(input) });
  };

  const getJobs = async (): Promise<FunctionUrlResult> => {
    const { length, pending, deadLetters } = await jobs.depth();
    return json(200, { queued: length - pending, inProgress: pending, deadLetters });
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
    if (method === 'POST' && event.rawPath === '/jobs') return postJob(event);
    if (method === 'GET' && event.rawPath === '/jobs') return getJobs();
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
    // A typed error tells an outage (answer 503, the client retries) from a bug (let it fail loudly).
    const response = await route(event).catch((err: unknown) => {
      if (!(err instanceof CacheUnavailableError)) throw err;
      console.warn('cache unavailable', err);
      return json(503, { error: 'cache unavailable, retry shortly' }, { 'retry-after': '1' });
    });
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

/** Parses `{ task }`; returns the problem as a string when the body is invalid. */
function parseJob(body: string): Job | string {
  const { task } = (parseJsonBody(body) ?? {}) as { task?: unknown };
  if (typeof task !== 'string' || task.length < 1 || task.length > MAX_TASK_LENGTH) {
    return `body must be JSON: { "task": string of 1-${MAX_TASK_LENGTH} characters }`;
  }
  return { task };
}

function parseJsonBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Parses `{ player, score }`; returns the problem as a string when the body is invalid. */
function parseScore(body: string): { player: string; score: number } | string {
  const parsed = parseJsonBody(body);
  if (parsed === undefined) return 'body must be JSON: { "player": string, "score": number }';
  const { player, score } = (parsed ?? {}) as { player?: unknown; score?: unknown };
  if (typeof player !== 'string' || player.length < 1 || player.length > 64) return 'player must be a string of 1-64 characters';
  if (typeof score !== 'number' || !Number.isFinite(score)) return 'score must be a finite number';
  return { player, score };
}
