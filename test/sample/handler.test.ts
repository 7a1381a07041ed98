import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { NearCache, WorkQueue } from 'cdk-elasticache-runtime';
import {
  createHandler,
  createItemLoader,
  FunctionUrlEvent,
  FunctionUrlResult,
  Handler,
  handler,
  readConfig,
  shutdown,
} from '../../lib/sample/handler';
import { toEnvironment } from 'cdk-elasticache-runtime';
import { useRedisServer, waitFor } from '../../packages/runtime/test/redis-server';

const TABLE = 'items';
const ddbMock = mockClient(DynamoDBDocumentClient);
const secretsMock = mockClient(SecretsManagerClient);

const suite = useRedisServer();
let handle: Handler;

beforeEach(async () => {
  await suite.redis.flushall();
  ddbMock.reset();
  ddbMock.on(GetCommand).resolves({});
  ddbMock.on(GetCommand, { TableName: TABLE, Key: { pk: 'book-1' } }).resolves({ Item: { pk: 'book-1', title: 'Dune' } });
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
  handle = createHandler({ redis: suite.redis, loadItem: createItemLoader(doc, TABLE), rateLimitPerMinute: 5 });
});

let nearCache: NearCache | undefined;
afterEach(() => nearCache?.close());

function request(
  method: string,
  path: string,
  options: { body?: string; query?: Record<string, string>; ip?: string; userArn?: string } = {},
): FunctionUrlEvent {
  return {
    rawPath: path,
    queryStringParameters: options.query,
    body: options.body,
    isBase64Encoded: false,
    requestContext: {
      http: { method, sourceIp: options.ip ?? '203.0.113.7' },
      authorizer: options.userArn ? { iam: { userArn: options.userArn } } : undefined,
    },
  };
}

const body = (result: FunctionUrlResult): unknown => JSON.parse(result.body);

describe('sample handler', () => {
  test('GET /items/{id} misses, then hits the cache; DynamoDB is read once', async () => {
    const first = await handle(request('GET', '/items/book-1'));
    const second = await handle(request('GET', '/items/book-1'));

    expect(first.statusCode).toBe(200);
    expect(body(first)).toEqual({ item: { pk: 'book-1', title: 'Dune' }, cache: 'miss' });
    expect(body(second)).toEqual({ item: { pk: 'book-1', title: 'Dune' }, cache: 'hit' });
    expect(ddbMock.commandCalls(GetCommand)).toHaveLength(1);
    expect(ddbMock.commandCalls(GetCommand)[0].args[0].input).toEqual({ TableName: TABLE, Key: { pk: 'book-1' } });
  });

  test('GET /items/{id} answers 404 for an unknown item, and remembers that briefly', async () => {
    const first = await handle(request('GET', '/items/nope'));
    const second = await handle(request('GET', '/items/nope'));

    expect(first.statusCode).toBe(404);
    expect(body(first)).toEqual({ error: 'item nope not found' });
    expect(second.statusCode).toBe(404);
    expect(ddbMock.commandCalls(GetCommand)).toHaveLength(1);
  });

  test('answers 429 with Retry-After once a client exceeds the limit, and counts down X-RateLimit-Remaining before', async () => {
    const results: FunctionUrlResult[] = [];
    for (let i = 0; i < 7; i++) results.push(await handle(request('GET', '/leaderboard')));

    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(results.slice(0, 5).map((r) => r.headers['x-ratelimit-remaining'])).toEqual(['4', '3', '2', '1', '0']);
    const limited = results[5];
    expect(body(limited)).toEqual({ error: 'rate limit exceeded' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.headers['x-ratelimit-limit']).toBe('5');

    // Another IP, and an IAM principal calling from the same IP, have their own budgets.
    expect((await handle(request('GET', '/leaderboard', { ip: '198.51.100.1' }))).statusCode).toBe(200);
    const signed = await handle(request('GET', '/leaderboard', { userArn: 'arn:aws:iam::111122223333:user/ana' }));
    expect(signed.statusCode).toBe(200);
    expect(signed.headers['x-ratelimit-remaining']).toBe('4');
  });

  test('POST /scores increments and GET /leaderboard lists the top n, ties by player name', async () => {
    const post = (player: string, score: number) =>
      handle(request('POST', '/scores', { body: JSON.stringify({ player, score }), ip: player }));
    await post('zoe', 10);
    await post('ann', 5);
    await post('bob', 7);
    const third = await post('ann', 5);

    expect(body(third)).toEqual({ player: 'ann', score: 10 });
    const top = await handle(request('GET', '/leaderboard', { query: { n: '2' } }));
    expect(body(top)).toEqual({
      leaders: [
        { member: 'ann', score: 10, rank: 1 },
        { member: 'zoe', score: 10, rank: 2 },
      ],
    });
  });

  test('accepts a base64-encoded body', async () => {
    const event = {
      ...request('POST', '/scores'),
      body: Buffer.from('{"player":"b64","score":3}').toString('base64'),
      isBase64Encoded: true,
    };
    expect(body(await handle(event))).toEqual({ player: 'b64', score: 3 });
  });

  test.each([
    ['a body that is not JSON', 'POST', '/scores', 'not json', undefined, 'body must be JSON: { "player": string, "score": number }'],
    ['a missing player', 'POST', '/scores', '{"score":1}', undefined, 'player must be a string of 1-64 characters'],
    ['a score that is a string', 'POST', '/scores', '{"player":"a","score":"9"}', undefined, 'score must be a finite number'],
    ['n=0', 'GET', '/leaderboard', undefined, { n: '0' }, 'n must be an integer from 1 to 100'],
    ['n=ten', 'GET', '/leaderboard', undefined, { n: 'ten' }, 'n must be an integer from 1 to 100'],
    [
      'an item id with a space',
      'GET',
      '/items/bad%20id',
      undefined,
      undefined,
      'item id must be 1-128 characters of A-Z, a-z, 0-9, _ or -',
    ],
  ])('answers 400 with a clear error for %s', async (_case, method, path, payload, query, error) => {
    const result = await handle(request(method, path, { body: payload, query, ip: `198.51.100.${path.length}` }));

    expect(result.statusCode).toBe(400);
    expect(body(result)).toEqual({ error });
    expect(ddbMock.commandCalls(GetCommand)).toHaveLength(0);
  });

  test('GET /items/{id} with a near cache: miss, then hit, then served from container memory; a write elsewhere shows at once', async () => {
    nearCache = new NearCache(suite.redis, { prefixes: ['item:'], timeoutMs: 2_000 });
    await nearCache.ready();
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
    const withNear = createHandler({ redis: suite.redis, loadItem: createItemLoader(doc, TABLE), rateLimitPerMinute: 100, nearCache });
    const cacheOf = async () => (body(await withNear(request('GET', '/items/book-1', { ip: '192.0.2.9' }))) as { cache: string }).cache;

    expect(await cacheOf()).toBe('miss');
    // The first read after the write may race that write's own invalidation; it is then not kept locally.
    await waitFor(async () => (await cacheOf()) === 'near');
    expect(ddbMock.commandCalls(GetCommand)).toHaveLength(1);

    await suite.redis.set('item:book-1', JSON.stringify({ pk: 'book-1', title: 'Dune Messiah' }));
    await waitFor(() => nearCache!.stats().entries === 0);
    const after = await withNear(request('GET', '/items/book-1', { ip: '192.0.2.9' }));
    expect(body(after)).toEqual({ item: { pk: 'book-1', title: 'Dune Messiah' }, cache: 'hit' });
  });

  test('POST /jobs queues a job (202 with its id) and GET /jobs reports the queue', async () => {
    const posted = await handle(request('POST', '/jobs', { body: JSON.stringify({ task: 'resize book-1 cover' }) }));
    expect(posted.statusCode).toBe(202);
    const { id } = body(posted) as { id: string };
    expect(id).toMatch(/^\d+-\d+$/);
    expect(body(await handle(request('GET', '/jobs')))).toEqual({ queued: 1, inProgress: 0, deadLetters: 0 });

    const worker = new WorkQueue<{ task: string }>(suite.redis, 'jobs', { blockMs: 50 });
    const done: string[] = [];
    await worker.consume(async (job) => void done.push(job.payload.task));
    await waitFor(() => done.length === 1);
    await worker.stop();
    expect(done).toEqual(['resize book-1 cover']);
    expect(body(await handle(request('GET', '/jobs')))).toEqual({ queued: 0, inProgress: 0, deadLetters: 0 });
    expect((await handle(request('POST', '/jobs', { body: '{"task":""}' }))).statusCode).toBe(400);
  });

  test('answers 503 (retry) when the cache is unavailable for a route that needs it', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    await suite.redis.call('CLIENT', 'PAUSE', '800', 'ALL');
    const started = Date.now();
    const result = await handle(request('GET', '/leaderboard', { ip: '192.0.2.50' }));
    expect(result.statusCode).toBe(503);
    expect(result.headers['retry-after']).toBe('1');
    expect(Date.now() - started).toBeLessThan(750); // two 250 ms bounds: the rate limiter (fails open), then the board
    expect(warn.mock.calls.map(([message]) => message)).toEqual(['rate limiter unavailable, request allowed', 'cache unavailable']);
    warn.mockRestore();
    await waitFor(
      async () =>
        await suite.redis.ping().then(
          () => true,
          () => false,
        ),
      2_000,
    );
  });

  test('answers 404 for an unknown route', async () => {
    const result = await handle(request('DELETE', '/items/book-1'));
    expect(result.statusCode).toBe(404);
    expect(body(result)).toEqual({ error: 'no route for DELETE /items/book-1' });
  });
});

describe('sample handler wiring', () => {
  test('readConfig reads the app settings and defaults RATE_LIMIT_PER_MINUTE to 60', () => {
    const env = { TABLE_NAME: 't' };
    expect(readConfig(env)).toEqual({ tableName: 't', rateLimitPerMinute: 60 });
    expect(() => readConfig({})).toThrow('environment variable TABLE_NAME is required');
    expect(() => readConfig({ ...env, RATE_LIMIT_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_PER_MINUTE must be a positive integer/);
  });

  test('the Lambda entry connects with the variables grantAccess sets (token from Secrets Manager) and serves', async () => {
    const token = 'sample-token-0123456789';
    await suite.redis.config('SET', 'requirepass', token);
    try {
      secretsMock.reset();
      secretsMock
        .on(GetSecretValueCommand, { SecretId: 'arn:aws:secretsmanager:eu-west-1:1:secret:token' })
        .resolves({ SecretString: token });
      const cacheVariables = toEnvironment({
        endpointKind: 'single',
        address: suite.server.host,
        port: String(suite.server.port),
        tls: false, // the local server has no TLS; the stack always sets true
        readOnly: false,
        authMode: 'auth-token',
        secretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:token',
        region: 'eu-west-1',
      });
      Object.assign(process.env, cacheVariables, { TABLE_NAME: TABLE, AWS_REGION: 'eu-west-1' });
      const response = await handler(request('GET', '/items/book-1'));
      expect(response.statusCode).toBe(200);
      expect(body(response)).toMatchObject({ item: { pk: 'book-1', title: 'Dune' } });
      await waitFor(async () => (await handler(request('GET', '/items/book-1'))).body.includes('"cache":"'));
    } finally {
      await shutdown();
      await suite.redis.config('SET', 'requirepass', '');
    }
  });
});
