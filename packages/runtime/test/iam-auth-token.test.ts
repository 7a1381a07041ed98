import { createHash, createHmac } from 'node:crypto';
import { createIamAuthToken, IamAuthTokenProvider } from '../src/iam-auth-token';

const ACCESS_KEY_ID = 'AKIDEXAMPLE';
const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLE/session+token==';
const SIGNING_DATE = new Date('2024-05-06T07:08:09Z');

/**
 * SigV4 query presigning written out by hand from the AWS SigV4 spec, independent of @smithy/signature-v4,
 * so the token format is checked against the algorithm rather than against the library that implements it.
 */
function expectedToken(params: {
  replicationGroupId: string;
  userId: string;
  region: string;
  sessionToken?: string;
  now: Date;
  expiresIn?: number;
  serverless?: boolean;
}): string {
  const encode = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  const amzDate = params.now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, ''); // 20240506T070809Z
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${params.region}/elasticache/aws4_request`;
  const host = params.replicationGroupId.toLowerCase();
  const query: Record<string, string> = {
    Action: 'connect',
    User: params.userId,
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${ACCESS_KEY_ID}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': String(params.expiresIn ?? 900),
    'X-Amz-SignedHeaders': 'host',
  };
  if (params.serverless) query.ResourceType = 'ServerlessCache';
  if (params.sessionToken) {
    query['X-Amz-Security-Token'] = params.sessionToken;
  }
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((k) => `${encode(k)}=${encode(query[k])}`)
    .join('&');
  const emptyPayloadHash = createHash('sha256').update('').digest('hex');
  const canonicalRequest = ['GET', '/', canonicalQuery, `host:${host}`, '', 'host', emptyPayloadHash].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${SECRET_ACCESS_KEY}`, day), params.region), 'elasticache'), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  const withSignature = { ...query, 'X-Amz-Signature': signature };
  return (
    `${host}/?` +
    Object.keys(withSignature)
      .sort()
      .map((k) => `${encode(k)}=${encode(withSignature[k as keyof typeof withSignature])}`)
      .join('&')
  );
}

describe('createIamAuthToken', () => {
  test('matches an independently computed SigV4 presigned connect request', async () => {
    const token = await createIamAuthToken({
      userId: 'app-user',
      replicationGroupId: 'my-cache',
      region: 'eu-west-1',
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
      now: SIGNING_DATE,
    });
    expect(token).toBe(expectedToken({ replicationGroupId: 'my-cache', userId: 'app-user', region: 'eu-west-1', now: SIGNING_DATE }));
    expect(token).toMatch(
      /^my-cache\/\?Action=connect&User=app-user&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20240506%2Feu-west-1%2Felasticache%2Faws4_request&X-Amz-Date=20240506T070809Z&X-Amz-Expires=900&/,
    );
  });

  test('signs the session token of temporary credentials from a provider, and lowercases the host', async () => {
    const token = await createIamAuthToken({
      userId: 'app-user',
      replicationGroupId: 'My-Cache',
      region: 'us-east-1',
      credentials: async () => ({ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY, sessionToken: SESSION_TOKEN }),
      expiresInSeconds: 300,
      now: SIGNING_DATE,
    });
    expect(token).toBe(
      expectedToken({
        replicationGroupId: 'my-cache',
        userId: 'app-user',
        region: 'us-east-1',
        sessionToken: SESSION_TOKEN,
        now: SIGNING_DATE,
        expiresIn: 300,
      }),
    );
    expect(token).toContain('X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLE%2Fsession%2Btoken%3D%3D');
  });

  test("signs ResourceType=ServerlessCache for a serverless cache, as AWS's IAMAuthTokenRequest sample does", async () => {
    const token = await createIamAuthToken({
      userId: 'app-user',
      replicationGroupId: 'sessions',
      serverless: true,
      region: 'eu-west-1',
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
      now: SIGNING_DATE,
    });
    expect(token).toBe(
      expectedToken({ replicationGroupId: 'sessions', userId: 'app-user', region: 'eu-west-1', now: SIGNING_DATE, serverless: true }),
    );
    expect(token).toContain('&ResourceType=ServerlessCache&');
  });

  test('rejects an expiry beyond the 15 minutes ElastiCache accepts', async () => {
    await expect(
      createIamAuthToken({
        userId: 'u',
        replicationGroupId: 'g',
        region: 'us-east-1',
        credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
        expiresInSeconds: 901,
      }),
    ).rejects.toThrow('expiresInSeconds must be an integer from 1 to 900, got 901');
  });
});

describe('IamAuthTokenProvider', () => {
  const t0 = SIGNING_DATE.getTime();

  function makeProvider() {
    let now = t0;
    const credentials = jest.fn(async () => ({ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY }));
    const provider = new IamAuthTokenProvider({
      userId: 'app-user',
      replicationGroupId: 'my-cache',
      region: 'eu-west-1',
      credentials,
      clock: () => now,
    });
    return {
      provider,
      credentials,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }
  const tokenAt = (ms: number) =>
    expectedToken({ replicationGroupId: 'my-cache', userId: 'app-user', region: 'eu-west-1', now: new Date(ms) });

  test('reuses the token for 10 minutes, then signs a new one', async () => {
    const { provider, credentials, advance } = makeProvider();
    expect(await provider.getToken()).toBe(tokenAt(t0));
    advance(9 * 60_000 + 59_000);
    expect(await provider.getToken()).toBe(tokenAt(t0));
    expect(credentials).toHaveBeenCalledTimes(1);
    advance(1_000); // exactly 10 minutes old
    expect(await provider.getToken()).toBe(tokenAt(t0 + 600_000));
    expect(credentials).toHaveBeenCalledTimes(2);
  });

  test('concurrent callers share one signing', async () => {
    const { provider, credentials } = makeProvider();
    const [a, b] = await Promise.all([provider.getToken(), provider.getToken()]);
    expect(a).toBe(b);
    expect(credentials).toHaveBeenCalledTimes(1);
  });

  test('currentToken returns the stale token at once and refreshes it in the background', async () => {
    const { provider, advance } = makeProvider();
    expect(() => provider.currentToken()).toThrow('before getToken() resolved');
    await provider.getToken();
    advance(11 * 60_000);
    expect(provider.currentToken()).toBe(tokenAt(t0));
    await provider.getToken(); // joins the background refresh currentToken started
    expect(provider.currentToken()).toBe(tokenAt(t0 + 11 * 60_000));
  });

  test('refuses a refresh interval that is not shorter than the token lifetime', () => {
    expect(
      () =>
        new IamAuthTokenProvider({
          userId: 'u',
          replicationGroupId: 'g',
          region: 'us-east-1',
          credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
          expiresInSeconds: 300,
          refreshAfterSeconds: 300,
        }),
    ).toThrow('refreshAfterSeconds (300) must be below the token lifetime (300)');
  });
});
