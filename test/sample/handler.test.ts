import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import {
  createHandler,
  createItemLoader,
  fetchAuthToken,
  FunctionUrlEvent,
  FunctionUrlResult,
  Handler,
  readConfig,
} from '../../lib/sample/handler';
import { useRedisServer } from '../runtime/redis-server';

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

  test('answers 404 for an unknown route', async () => {
    const result = await handle(request('DELETE', '/items/book-1'));
    expect(result.statusCode).toBe(404);
    expect(body(result)).toEqual({ error: 'no route for DELETE /items/book-1' });
  });
});

describe('sample handler wiring', () => {
  test('readConfig reads the env contract and defaults RATE_LIMIT_PER_MINUTE to 60', () => {
    const env = { CACHE_HOST: 'h', CACHE_PORT: '6380', CACHE_AUTH_SECRET_ARN: 'arn:secret', TABLE_NAME: 't' };
    expect(readConfig(env)).toEqual({
      cacheHost: 'h',
      cachePort: 6380,
      authSecretArn: 'arn:secret',
      tableName: 't',
      rateLimitPerMinute: 60,
    });
    expect(() => readConfig({ ...env, CACHE_HOST: '' })).toThrow('environment variable CACHE_HOST is required');
    expect(() => readConfig({ ...env, RATE_LIMIT_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_PER_MINUTE must be a positive integer/);
  });

  test('fetchAuthToken returns the SecretString verbatim', async () => {
    secretsMock.reset();
    secretsMock.on(GetSecretValueCommand, { SecretId: 'arn:secret' }).resolves({ SecretString: 'tok3n' });
    const secrets = new SecretsManagerClient({ region: 'eu-west-1' });

    expect(await fetchAuthToken(secrets, 'arn:secret')).toBe('tok3n');
    secretsMock.on(GetSecretValueCommand).resolves({});
    await expect(fetchAuthToken(secrets, 'arn:other')).rejects.toThrow('secret arn:other has no SecretString');
  });
});
