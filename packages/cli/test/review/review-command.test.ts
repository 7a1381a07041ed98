// End-to-end through the CLI entry: real files on disk, the real spec, the report text and the exit code.
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template as CdkTemplate } from 'aws-cdk-lib/assertions';
import {
  ClusterMode,
  GlobalDatastore,
  ReplicationGroup,
  ReplicationGroupEngine,
  type GlobalDatastoreProps,
  type ReplicationGroupProps,
} from '../../../../lib';
import { runReviewCommand } from '../../src/cli/review-command';
import { cacheStack, isolatedVpc } from '../../../../test/helpers/stacks';
import {
  BASE_TEMPLATE,
  FIXTURES,
  IDS,
  baseTemplate,
  changeKmsKey,
  clusterMode,
  groupProperties,
  removeWrittenTemplates,
  renameResource,
  variant,
  withoutPolicies,
  writeTemplates,
  type Template,
} from './fixtures/variants';

afterAll(removeWrittenTemplates);

async function review(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runReviewCommand(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

/** Reviews old → new, both written to disk as template files. */
async function reviewTemplates(oldTemplate: Template, newTemplate: Template, ...extraArgs: string[]) {
  const files = writeTemplates({ 'old.template.json': oldTemplate, 'new.template.json': newTemplate });
  return review(files['old.template.json'], files['new.template.json'], ...extraArgs);
}

/** The report block of one resource: its head line and the indented detail lines under it. */
function blockOf(stdout: string, logicalId: string): string {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.includes(`  ${logicalId}`));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && !/^ {15}/.test(l));
  return lines.slice(start, end).join('\n');
}

describe('review of a KmsKeyId change', () => {
  test('with UpdateReplacePolicy Snapshot: reported as a replacement with snapshot, exit 3', async () => {
    const result = await reviewTemplates(baseTemplate(), variant(baseTemplate(), changeKmsKey));

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toMatch(/^ {2}REPLACE +AWS::ElastiCache::ReplicationGroup {2}CacheReplicationGroup4D2E6F10 {2}\(stateful\)/);
    expect(block).toContain(
      'KmsKeyId: {"Fn::GetAtt":["CacheKey3E5B7D1A","Arn"]} → {"Fn::GetAtt":["CacheKeyV2","Arn"]}  [create-only (Replacement)]',
    );
    expect(block).toContain('WARNING: replaced, snapshot taken (UpdateReplacePolicy: Snapshot)');
    expect(block).toContain('The new resource starts EMPTY');
    expect(result.stdout).toContain(`Result: REPLACED: 1 stateful resource comes back empty`);
    expect(result.code).toBe(3);
  });

  test('without a policy: data loss, exit 2', async () => {
    const result = await reviewTemplates(withoutPolicies(), variant(withoutPolicies(), changeKmsKey));

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toContain('[create-only (Replacement)]');
    expect(block).toContain('DATA LOSS: replaced with UpdateReplacePolicy: Delete');
    expect(result.stdout).toContain(
      `Result: DATA LOSS: 1 stateful resource is replaced or deleted without snapshot or retain: ${IDS.replicationGroup}`,
    );
    expect(result.code).toBe(2);
  });

  test('dropping the Snapshot policy in the same change counts as no snapshot', async () => {
    const result = await reviewTemplates(
      baseTemplate(),
      variant(baseTemplate(), (t) => {
        changeKmsKey(t);
        delete t.Resources[IDS.replicationGroup].UpdateReplacePolicy;
      }),
    );

    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain('UpdateReplacePolicy: "Snapshot" → (unset)  [resource attribute]');
    expect(result.code).toBe(2);
  });

  test('--allow-replacement acknowledges it: shown as acknowledged, exit 0', async () => {
    const result = await reviewTemplates(
      withoutPolicies(),
      variant(withoutPolicies(), changeKmsKey),
      '--allow-replacement',
      IDS.replicationGroup,
    );

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toContain('DATA LOSS: replaced');
    expect(block).toContain('ACKNOWLEDGED by --allow-replacement');
    expect(result.stdout).toContain('Result: safe to deploy with care');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  test('an --allow-replacement that matches nothing is noted and does not hide the data loss', async () => {
    const result = await reviewTemplates(
      withoutPolicies(),
      variant(withoutPolicies(), changeKmsKey),
      '--allow-replacement=CacheReplicationGroup',
    );

    expect(result.stderr).toBe(
      'cdk-elasticache-cli review: note: --allow-replacement CacheReplicationGroup matched no replaced or deleted stateful resource\n',
    );
    expect(result.code).toBe(2);
  });
});

describe('review of other replication group changes', () => {
  test('a Port change is a replacement (data loss without a policy)', async () => {
    const result = await reviewTemplates(
      withoutPolicies(),
      variant(withoutPolicies(), (t) => {
        t.Resources[IDS.replicationGroup].Properties.Port = 6379;
      }),
    );

    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain('Port: 6380 → 6379  [create-only (Replacement)]');
    expect(result.code).toBe(2);
  });

  test('a CacheNodeType change updates in place: exit 0', async () => {
    const result = await reviewTemplates(
      withoutPolicies(),
      variant(withoutPolicies(), (t) => {
        t.Resources[IDS.replicationGroup].Properties.CacheNodeType = 'cache.r7g.xlarge';
      }),
    );

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toMatch(/^ {2}UPDATE /);
    expect(block).toContain('CacheNodeType: "cache.r7g.large" → "cache.r7g.xlarge"  [in-place update]');
    expect(result.stdout).toContain('Result: safe: no stateful resource is replaced or deleted');
    expect(result.code).toBe(0);
  });

  test('a NumCacheClusters change updates in place: exit 0', async () => {
    const result = await reviewTemplates(
      withoutPolicies(),
      variant(withoutPolicies(), (t) => {
        t.Resources[IDS.replicationGroup].Properties.NumCacheClusters = 3;
      }),
    );

    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain('NumCacheClusters: 2 → 3  [in-place update]');
    expect(result.code).toBe(0);
  });

  test('a replaced subnet group replaces the group through its Ref', async () => {
    const result = await reviewTemplates(
      withoutPolicies(),
      variant(withoutPolicies(), (t) => {
        t.Resources[IDS.subnetGroup].Properties.CacheSubnetGroupName = 'cache-subnets';
      }),
    );

    expect(blockOf(result.stdout, IDS.subnetGroup)).toContain(
      'CacheSubnetGroupName: (unset) → "cache-subnets"  [create-only (Replacement)]',
    );
    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain(
      'CacheSubnetGroupName: {"Ref":"CacheSubnetGroup8F1C2A44"} → {"Ref":"CacheSubnetGroup8F1C2A44 (replaced)"}' +
        '  [create-only (Replacement), because a resource it references is replaced]',
    );
    expect(result.code).toBe(2);
  });
});

const UPDATE_POLICY_DOC =
  'see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-updatepolicy.html#cfn-attributes-updatepolicy-useonlineresharding';

describe('review of a reshard of a cluster-mode group', () => {
  const shards = (n: number, onlineResharding = true) => variant(baseTemplate(), clusterMode(n, onlineResharding));

  test.each([
    [3, 4],
    [4, 3],
  ])('%i → %i shards with the UseOnlineResharding policy: resharded in place, exit 0', async (from, to) => {
    const result = await reviewTemplates(shards(from), shards(to));

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toMatch(/^ {2}UPDATE +AWS::ElastiCache::ReplicationGroup {2}CacheReplicationGroup4D2E6F10 {2}\(stateful\)/);
    expect(block).toContain(`NumNodeGroups: ${from} → ${to}  [in-place update: resharded online (UpdatePolicy UseOnlineResharding);`);
    expect(block).toContain('; spec: may replace (Conditional)]');
    expect(block).toContain(UPDATE_POLICY_DOC);
    expect(result.stdout).toContain('Result: safe: no stateful resource is replaced or deleted');
    expect(result.code).toBe(0);
  });

  test.each([
    [3, 4],
    [4, 3],
  ])('%i → %i shards without the policy: replaced, snapshot taken, exit 3', async (from, to) => {
    const result = await reviewTemplates(shards(from, false), shards(to, false));

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toMatch(/^ {2}REPLACE +AWS::ElastiCache::ReplicationGroup/);
    expect(block).toContain(
      `NumNodeGroups: ${from} → ${to}  [Replacement: no UpdatePolicy UseOnlineResharding in the new template: a shard change replaces the group;` +
        ' spec: may replace (Conditional)]',
    );
    expect(block).toContain('WARNING: replaced, snapshot taken (UpdateReplacePolicy: Snapshot)');
    expect(result.code).toBe(3);
  });

  test('without the policy and without a Snapshot policy: data loss, exit 2', async () => {
    const result = await reviewTemplates(
      variant(withoutPolicies(), clusterMode(3, false)),
      variant(withoutPolicies(), clusterMode(4, false)),
    );

    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain('DATA LOSS: replaced with UpdateReplacePolicy: Delete');
    expect(result.code).toBe(2);
  });

  test('the policy of the new template governs: dropping it in the same change replaces', async () => {
    const result = await reviewTemplates(shards(3), shards(4, false));

    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain(
      'UpdatePolicy: {"UseOnlineResharding":true} → (unset)  [resource attribute]',
    );
    expect(result.code).toBe(3);
  });

  test('a KmsKeyId change of a cluster-mode group with the policy is still a replacement: exit 3', async () => {
    const result = await reviewTemplates(shards(3), variant(shards(3), changeKmsKey));

    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain('[create-only (Replacement)]');
    expect(result.code).toBe(3);
  });

  test('a UseOnlineResharding that an intrinsic function decides: may replace, exit 4', async () => {
    const conditional = variant(shards(4), (t) => {
      t.Resources[IDS.replicationGroup].UpdatePolicy = { 'Fn::If': ['Reshard', { UseOnlineResharding: true }, { Ref: 'AWS::NoValue' }] };
    });

    const result = await reviewTemplates(shards(3), conditional);

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toMatch(/^ {2}MAY REPLACE +AWS::ElastiCache::ReplicationGroup/);
    expect(block).toContain(
      '[may replace: UpdatePolicy UseOnlineResharding is not a literal: online resharding if true, else replacement]',
    );
    expect(block).toContain('WARNING: may be replaced, snapshot taken (UpdateReplacePolicy: Snapshot)');
    expect(block).toContain('The reviewer cannot settle whether it is replaced');
    expect(result.stdout).toContain(`Result: MAY REPLACE: 1 stateful resource may be replaced, which the reviewer cannot settle`);
    expect(result.code).toBe(4);
  });

  test('--allow-replacement accepts a may replace: exit 0', async () => {
    const conditional = variant(shards(4), (t) => {
      t.Resources[IDS.replicationGroup].UpdatePolicy = { 'Fn::If': ['Reshard', { UseOnlineResharding: true }, { Ref: 'AWS::NoValue' }] };
    });

    const result = await reviewTemplates(shards(3), conditional, '--allow-replacement', IDS.replicationGroup);

    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain('ACKNOWLEDGED by --allow-replacement');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('review of AuthToken changes', () => {
  const AUTH_DOC =
    'see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-replicationgroup.html#cfn-elasticache-replicationgroup-authtoken';
  const withoutToken = () => variant(baseTemplate(), groupProperties({ AuthToken: undefined }));

  test('a changed token (another secret) updates in place: exit 0', async () => {
    const newSecret = variant(baseTemplate(), (t) => {
      t.Resources.CacheAuthTokenSecretV2 = JSON.parse(JSON.stringify(t.Resources[IDS.secret]));
      t.Resources[IDS.replicationGroup].Properties.AuthToken['Fn::Join'][1][1] = { Ref: 'CacheAuthTokenSecretV2' };
    });

    const result = await reviewTemplates(baseTemplate(), newSecret);

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toMatch(/^ {2}UPDATE /);
    expect(block).toContain(
      '[in-place update: a changed AuthToken updates in place (only adding one replaces); spec: may replace (Conditional)]',
    );
    expect(block).toContain(AUTH_DOC);
    expect(result.code).toBe(0);
  });

  test('adding a token to a group without one: replaced, exit 3', async () => {
    const result = await reviewTemplates(withoutToken(), baseTemplate());

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toMatch(/^ {2}REPLACE /);
    expect(block).toContain('(unset) → {"Fn::Join"');
    expect(block).toContain(
      '[Replacement: adding an AuthToken to an existing group requires replacement; spec: may replace (Conditional)]',
    );
    expect(result.code).toBe(3);
  });

  test('removing the token: may replace, exit 4', async () => {
    const result = await reviewTemplates(baseTemplate(), withoutToken());

    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain(
      '[may replace: removing the AuthToken: the reference documents adding (Replacement) and changing it, not removing]',
    );
    expect(result.code).toBe(4);
  });
});

describe('review of Engine changes', () => {
  const ENGINE_DOCS = [
    'see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-replicationgroup.html#cfn-elasticache-replicationgroup-engine',
    'see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/VersionManagement.HowTo.html#VersionManagement.HowTo.cross-engine-upgrade',
  ];
  /** The base group on `engine` with a parameter group of `family`, referenced as the construct does. */
  const onEngine = (engine: string, version: string, family: string) =>
    variant(baseTemplate(), (t) => {
      t.Resources.CacheParameterGroup = {
        Type: 'AWS::ElastiCache::ParameterGroup',
        Properties: { CacheParameterGroupFamily: family, Description: 'Cache', Properties: { 'cluster-enabled': 'no' } },
      };
      groupProperties({ Engine: engine, EngineVersion: version, CacheParameterGroupName: { Ref: 'CacheParameterGroup' } })(t);
    });

  test('Redis OSS → Valkey with a parameter group of the valkey family: upgraded in place, exit 0', async () => {
    const result = await reviewTemplates(onEngine('redis', '7.1', 'redis7'), onEngine('valkey', '8.1', 'valkey8'));

    expect(blockOf(result.stdout, 'CacheParameterGroup')).toMatch(/^ {2}REPLACE +AWS::ElastiCache::ParameterGroup/);
    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toMatch(/^ {2}UPDATE +AWS::ElastiCache::ReplicationGroup/);
    expect(block).toContain(
      'Engine: "redis" → "valkey"  [in-place update: Redis OSS → Valkey is an in-place cross-engine upgrade (with a parameter group of the ' +
        'valkey family); spec: create-only (Replacement)]',
    );
    ENGINE_DOCS.forEach((doc) => expect(block).toContain(doc));
    expect(block).toContain('EngineVersion: "7.1" → "8.1"  [in-place update]');
    expect(result.stdout).toContain('Result: safe: no stateful resource is replaced or deleted');
    expect(result.code).toBe(0);
  });

  test('Redis OSS → Valkey keeping a custom Redis OSS parameter group: the update fails, exit 5', async () => {
    const named = (engine: string) => variant(baseTemplate(), groupProperties({ Engine: engine, CacheParameterGroupName: 'cache-redis7' }));

    const result = await reviewTemplates(named('redis'), named('valkey'));

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toMatch(/^ {2}WILL FAIL +AWS::ElastiCache::ReplicationGroup/);
    expect(block).toContain(
      '[update fails: Redis OSS → Valkey keeps the custom Redis OSS parameter group: the upgrade needs one of the valkey family;',
    );
    expect(block).toContain('!! WILL FAIL: the service rejects this update');
    expect(result.stdout).toContain(
      `Result: WILL FAIL: 1 update the service rejects, so the deploy fails and rolls back: ${IDS.replicationGroup}`,
    );
    expect(result.code).toBe(5);
  });

  test('Valkey → Redis OSS: the update fails, exit 5', async () => {
    const result = await reviewTemplates(
      baseTemplate(),
      variant(baseTemplate(), groupProperties({ Engine: 'redis', EngineVersion: '7.1' })),
    );

    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain('[update fails: ElastiCache upgrades Redis OSS to Valkey, not back');
    expect(result.code).toBe(5);
  });
});

describe('review of Durability changes', () => {
  const durability = (value?: string) => variant(baseTemplate(), groupProperties({ Durability: value }));

  test('sync → async switches in place: exit 0', async () => {
    const result = await reviewTemplates(durability('sync'), durability('async'));

    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain(
      'Durability: "sync" → "async"  [in-place update: sync ↔ async switches in place]',
    );
    expect(result.code).toBe(0);
  });

  test.each<[string | undefined, string | undefined, string]>([
    [undefined, 'sync', 'on'],
    ['disabled', 'async', 'on'],
    ['default', 'sync', 'on'],
    ['sync', 'disabled', 'off'],
    ['async', undefined, 'off'],
  ])('%s → %s switches durability %s: the update fails, exit 5', async (from, to, onOff) => {
    const result = await reviewTemplates(durability(from), durability(to));

    expect(result.stdout).toContain('Stack old → new: 0 added, 0 removed, 1 modified (0 replacements)');
    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toMatch(/^ {2}WILL FAIL +AWS::ElastiCache::ReplicationGroup/);
    expect(block).toContain(
      `[update fails: durability is fixed at creation: ElastiCache rejects switching it ${onOff}; spec: in-place update]`,
    );
    expect(block).toContain('see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Durability.Configuring.html');
    expect(result.code).toBe(5);
  });

  test('with a replacement in the same change, the resource is replaced (created with the new durability): exit 3', async () => {
    const result = await reviewTemplates(durability(undefined), variant(durability('sync'), changeKmsKey));

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toMatch(/^ {2}REPLACE /);
    expect(block).toContain('ElastiCache rejects switching it on; spec: in-place update; moot here: the resource is replaced]');
    expect(result.code).toBe(3);
  });
});

describe('exit code precedence', () => {
  test('a replacement in one stack and a rejected update in another: exit 3, the rejection on an Also line', async () => {
    const oldOut = writeTemplates({ 'A.template.json': baseTemplate(), 'B.template.json': baseTemplate() });
    const newOut = writeTemplates({
      'A.template.json': variant(baseTemplate(), changeKmsKey),
      'B.template.json': variant(baseTemplate(), groupProperties({ Durability: 'sync' })),
    });

    const result = await review(oldOut.dir, newOut.dir);

    expect(result.stdout).toContain(`Result: REPLACED: 1 stateful resource comes back empty`);
    expect(result.stdout).toContain(
      `Also: WILL FAIL: 1 update the service rejects, so the deploy fails and rolls back: ${IDS.replicationGroup}.`,
    );
    expect(result.code).toBe(3);
  });

  test('a conditional behaviour no rule settles (CacheCluster AZMode) stays may replace: exit 4', async () => {
    const memcached = (azMode: string) =>
      variant(baseTemplate(), (t) => {
        t.Resources.Memcached = {
          Type: 'AWS::ElastiCache::CacheCluster',
          Properties: { CacheNodeType: 'cache.t4g.small', Engine: 'memcached', NumCacheNodes: 2, AZMode: azMode },
          UpdateReplacePolicy: 'Delete',
          DeletionPolicy: 'Delete',
        };
      });

    const result = await reviewTemplates(memcached('single-az'), memcached('cross-az'));

    const block = blockOf(result.stdout, 'Memcached');
    expect(block).toMatch(/^ {2}MAY REPLACE +AWS::ElastiCache::CacheCluster {2}Memcached {2}\(stateful\)/);
    expect(block).toContain(
      'AZMode: "single-az" → "cross-az"  [may replace (Conditional): the spec leaves the condition open and no rule here settles it]',
    );
    expect(block).toContain('DATA LOSS: may be replaced with UpdateReplacePolicy: Delete');
    expect(result.stdout).toContain('Result: MAY REPLACE: 1 stateful resource may be replaced');
    expect(result.code).toBe(4);
  });
});

describe('review of templates the construct synthesizes', () => {
  // The library's own in-place changes must pass, or users learn to pass --allow-replacement blindly.
  const synthesized = new Map<string, Template>();
  const templateOf = (props: Partial<ReplicationGroupProps>): Template => {
    const key = JSON.stringify(props);
    if (!synthesized.has(key)) {
      synthesized.set(key, cacheStack(props).template().toJSON());
    }
    return variant(synthesized.get(key), () => {});
  };
  const shards = (numShards: number) => templateOf({ clusterMode: ClusterMode.ENABLED, numShards });
  const GROUP = 'Cache18F6EE16';

  test.each([
    [3, 4],
    [4, 3],
  ])('resharding a cluster-mode group %i → %i shards updates in place: exit 0', async (from, to) => {
    const result = await reviewTemplates(shards(from), shards(to));

    const block = blockOf(result.stdout, GROUP);
    expect(block).toMatch(/^ {2}UPDATE +AWS::ElastiCache::ReplicationGroup/);
    expect(block).toContain(`NumNodeGroups: ${from} → ${to}  [in-place update: resharded online (UpdatePolicy UseOnlineResharding);`);
    expect(result.stdout).toContain('Result: safe: no stateful resource is replaced or deleted');
    expect(result.code).toBe(0);
  });

  test('the same reshard with the UseOnlineResharding policy taken out is a replacement: exit 3', async () => {
    const withoutPolicy = (template: Template) =>
      variant(template, (t) => {
        delete t.Resources[GROUP].UpdatePolicy;
      });

    const result = await reviewTemplates(withoutPolicy(shards(3)), withoutPolicy(shards(4)));

    expect(blockOf(result.stdout, GROUP)).toMatch(/^ {2}REPLACE +AWS::ElastiCache::ReplicationGroup/);
    expect(result.code).toBe(3);
  });

  test('a Port change of a cluster-mode group is still a replacement: exit 3', async () => {
    const result = await reviewTemplates(shards(3), templateOf({ clusterMode: ClusterMode.ENABLED, numShards: 3, port: 6390 }));

    expect(blockOf(result.stdout, GROUP)).toContain('Port: 6380 → 6390  [create-only (Replacement)]');
    expect(result.code).toBe(3);
  });

  test('Redis OSS 7.1 → Valkey 8.1 upgrades in place with a new parameter group of the valkey family: exit 0', async () => {
    const result = await reviewTemplates(
      templateOf({ engine: ReplicationGroupEngine.REDIS_7_1 }),
      templateOf({ engine: ReplicationGroupEngine.VALKEY_8_1 }),
    );

    expect(result.stdout).toMatch(
      / {2}REPLACE +AWS::ElastiCache::ParameterGroup {2}CacheParameterGroup\w+\n +CacheParameterGroupFamily: "redis7" → "valkey8"/,
    );
    const block = blockOf(result.stdout, GROUP);
    expect(block).toMatch(/^ {2}UPDATE +AWS::ElastiCache::ReplicationGroup/);
    expect(block).toContain('Engine: "redis" → "valkey"  [in-place update: Redis OSS → Valkey is an in-place cross-engine upgrade');
    expect(result.code).toBe(0);
  });
});

describe('review of a global datastore member', () => {
  // The primary's stack as the constructs synthesize it: the primary and its global datastore.
  const primaryStack = (primaryProps: Partial<ReplicationGroupProps>, globalProps: Partial<GlobalDatastoreProps> = {}): Template => {
    const stack = new Stack(new App({ context: { 'aws:cdk:version-reporting': false } }), 'East', { env: { region: 'us-east-1' } });
    const primary = new ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack), numShards: 2, replicasPerShard: 1, ...primaryProps });
    new GlobalDatastore(stack, 'Global', { primary, ...globalProps });
    return CdkTemplate.fromStack(stack).toJSON();
  };
  const PRIMARY = 'Cache18F6EE16';
  const created = primaryStack({});

  test.each<[string, Partial<ReplicationGroupProps>, RegExp]>([
    [
      'a node type change',
      { cacheNodeType: 'cache.r7g.xlarge' },
      /CacheNodeType: "cache.r7g.large" → "cache.r7g.xlarge" {2}\[update fails: this group is the primary of global datastore Global\w+, and ElastiCache rejects changing CacheNodeType on a member .*change CacheNodeType on the AWS::ElastiCache::GlobalReplicationGroup instead \(GlobalDatastore's cacheNodeType\)/,
    ],
    [
      'an engine version change',
      { engine: ReplicationGroupEngine.VALKEY_9_1 },
      /EngineVersion: "9.0" → "9.1" {2}\[update fails: .*\(GlobalDatastore's engine\)/,
    ],
    [
      'a shard count change',
      { numShards: 3 },
      /NumNodeGroups: 2 → 3 {2}\[update fails: .*change GlobalNodeGroupCount on the AWS::ElastiCache::GlobalReplicationGroup instead \(GlobalDatastore's numShards\)/,
    ],
  ])('%s on the primary fails, and the report names the fix: exit 5', async (_name, change, reason) => {
    const result = await reviewTemplates(created, primaryStack(change));

    const block = blockOf(result.stdout, PRIMARY);
    expect(block).toMatch(/^ {2}WILL FAIL +AWS::ElastiCache::ReplicationGroup/);
    expect(block).toMatch(reason);
    expect(result.code).toBe(5);
  });

  test('the same change made on the GlobalDatastore updates the global datastore in place, the primary not at all: exit 0', async () => {
    const result = await reviewTemplates(created, primaryStack({}, { cacheNodeType: 'cache.r7g.xlarge', numShards: 3 }));

    expect(result.stdout).not.toContain(PRIMARY);
    expect(result.stdout).toMatch(/ {2}UPDATE +AWS::ElastiCache::GlobalReplicationGroup/);
    expect(result.code).toBe(0);
  });

  test('the primary before it joins (no global datastore in the deployed template) scales in place: exit 0', async () => {
    const standalone = variant(created, (t) => {
      for (const [id, resource] of Object.entries(t.Resources)) {
        if ((resource as { Type: string }).Type === 'AWS::ElastiCache::GlobalReplicationGroup') delete t.Resources[id];
      }
    });
    const result = await reviewTemplates(standalone, primaryStack({ cacheNodeType: 'cache.r7g.xlarge' }));

    expect(blockOf(result.stdout, PRIMARY)).toContain('CacheNodeType: "cache.r7g.large" → "cache.r7g.xlarge"  [in-place update]');
    expect(result.code).toBe(0);
  });

  test('a node type change on a secondary (GlobalReplicationGroupId set) fails: exit 5', async () => {
    const secondary = variant(withoutPolicies(), groupProperties({ GlobalReplicationGroupId: 'ldgnf-orders' }));
    const result = await reviewTemplates(secondary, variant(secondary, groupProperties({ CacheNodeType: 'cache.r7g.xlarge' })));

    expect(blockOf(result.stdout, IDS.replicationGroup)).toMatch(
      /CacheNodeType: .* \[update fails: this group is a secondary of a global datastore, and ElastiCache rejects changing CacheNodeType on a member/,
    );
    expect(result.code).toBe(5);
  });
});

describe('review of a changed logical id (delete + create)', () => {
  const rename = (t: Template) => renameResource(t, IDS.replicationGroup, 'CacheReplicationGroupV2');

  test('without a policy: the old group is deleted, exit 2', async () => {
    const result = await reviewTemplates(withoutPolicies(), variant(withoutPolicies(), rename));

    const block = blockOf(result.stdout, IDS.replicationGroup);
    expect(block).toMatch(/^ {2}DELETE +AWS::ElastiCache::ReplicationGroup/);
    expect(block).toContain('a AWS::ElastiCache::ReplicationGroup was added as CacheReplicationGroupV2');
    expect(block).toContain('DATA LOSS: deleted with DeletionPolicy: Delete');
    expect(blockOf(result.stdout, 'CacheReplicationGroupV2')).toMatch(/^ {2}ADD +AWS::ElastiCache::ReplicationGroup/);
    expect(result.code).toBe(2);
  });

  test('with DeletionPolicy Snapshot: deleted, snapshot taken, still flagged with exit 3', async () => {
    const result = await reviewTemplates(baseTemplate(), variant(baseTemplate(), rename));

    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain('WARNING: deleted, snapshot taken (DeletionPolicy: Snapshot)');
    expect(result.stdout).toContain(`Result: REPLACED: 1 stateful resource comes back empty`);
    expect(result.code).toBe(3);
  });

  test('a deleted KMS key with DeletionPolicy Retain is orphaned and retained; the group it encrypts is replaced: exit 3', async () => {
    const result = await reviewTemplates(
      baseTemplate(),
      variant(baseTemplate(), (t) => {
        renameResource(t, IDS.key, 'CacheKeyRenamed');
        t.Resources[IDS.replicationGroup].Properties.KmsKeyId = { 'Fn::GetAtt': ['CacheKeyRenamed', 'Arn'] };
      }),
    );

    expect(blockOf(result.stdout, IDS.key)).toContain('WARNING: deleted, old resource orphaned and retained (DeletionPolicy: Retain)');
    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain('WARNING: replaced, snapshot taken');
    // The retained key alone would pass; the replacement of the group is what fails.
    expect(result.stdout).toContain(
      `Result: REPLACED: 1 stateful resource comes back empty (the old data survives only in a snapshot or a retained copy): ${IDS.replicationGroup}`,
    );
    expect(result.code).toBe(3);
  });
});

describe('review of security group changes', () => {
  test('an inline ingress rule change updates the security group in place: exit 0', async () => {
    const result = await reviewTemplates(
      withoutPolicies(),
      variant(withoutPolicies(), (t) => {
        t.Resources[IDS.securityGroup].Properties.SecurityGroupIngress[0].CidrIp = '10.1.0.0/16';
      }),
    );

    const block = blockOf(result.stdout, IDS.securityGroup);
    expect(block).toMatch(/^ {2}UPDATE +AWS::EC2::SecurityGroup/);
    expect(block).toContain('SecurityGroupIngress:');
    expect(block).toContain('[in-place update]');
    expect(result.code).toBe(0);
  });

  test('a standalone ingress rule is replaced, which loses no data: exit 0', async () => {
    const result = await reviewTemplates(
      withoutPolicies(),
      variant(withoutPolicies(), (t) => {
        t.Resources[IDS.ingress].Properties.SourceSecurityGroupId = 'sg-0a1b2c3d4e5f6000a';
      }),
    );

    const block = blockOf(result.stdout, IDS.ingress);
    expect(block).toMatch(/^ {2}REPLACE +AWS::EC2::SecurityGroupIngress/);
    expect(block).not.toContain('(stateful)');
    expect(result.stdout).toContain('Result: safe: no stateful resource is replaced or deleted');
    expect(result.code).toBe(0);
  });
});

describe('review inputs', () => {
  test('cdk.out directories: stacks are paired by file name', async () => {
    const oldOut = writeTemplates({
      'CacheStack.template.json': withoutPolicies(),
      'OtherStack.template.json': baseTemplate(),
      'manifest.json': {},
    });
    const newOut = writeTemplates({
      'CacheStack.template.json': variant(withoutPolicies(), changeKmsKey),
      'OtherStack.template.json': baseTemplate(),
      'NewStack.template.json': baseTemplate(),
    });

    const result = await review(oldOut.dir, newOut.dir);

    expect(result.stdout).toContain('Stack CacheStack: 1 added, 0 removed, 1 modified (1 replacement)');
    expect(result.stdout).toContain('Stack OtherStack: no resource changes');
    expect(result.stdout).toContain('Stack NewStack: only in the new input, a new stack');
    expect(result.code).toBe(2);
  });

  test('a Jest .snap file as the old side, a template file as the new side', async () => {
    const files = writeTemplates({
      'new.template.json': variant(baseTemplate(), (t) => {
        t.Resources[IDS.replicationGroup].Properties.Port = 6379;
      }),
    });

    const result = await review(path.join(FIXTURES, 'sample.snap'), files['new.template.json']);

    expect(result.stdout).toContain('Stack sample 1 → new: 0 added, 0 removed, 1 modified (1 replacement)');
    expect(blockOf(result.stdout, IDS.replicationGroup)).toContain('Port: 6380 → 6379  [create-only (Replacement)]');
    expect(result.code).toBe(3);
  });

  test('identical inputs: nothing changes, exit 0', async () => {
    const result = await review(BASE_TEMPLATE, BASE_TEMPLATE);

    expect(result.stdout).toBe(
      'Stack replication-group: no resource changes\n\nResult: safe: no stateful resource is replaced or deleted\n',
    );
    expect(result.code).toBe(0);
  });
});

describe('usage and input errors exit 1 with one line', () => {
  const emptyDir = () => writeTemplates({ 'manifest.json': {} }).dir;
  test.each<[string, () => string[], RegExp]>([
    ['no inputs', () => [], /^cdk-elasticache-cli review: expected an old and a new input, got 0 \(usage: .*\)\n$/],
    ['one input', () => [BASE_TEMPLATE], /^cdk-elasticache-cli review: expected an old and a new input, got 1 \(usage: /],
    [
      '--allow-replacement without an id',
      () => [BASE_TEMPLATE, BASE_TEMPLATE, '--allow-replacement'],
      /^cdk-elasticache-cli review: --allow-replacement needs a logical id \(usage: /,
    ],
    [
      'an unknown option',
      () => [BASE_TEMPLATE, BASE_TEMPLATE, '--force'],
      /^cdk-elasticache-cli review: unknown option '--force' \(usage: /,
    ],
    [
      'a missing file',
      () => ['/nonexistent/old.json', BASE_TEMPLATE],
      /^cdk-elasticache-cli review: \/nonexistent\/old.json: no such file or directory\n$/,
    ],
    [
      'a directory without templates',
      () => [emptyDir(), BASE_TEMPLATE],
      /: no \*\.template\.json files \(expected a cdk\.out directory\)\n$/,
    ],
    ['a file that is not JSON', () => [path.join(FIXTURES, 'variants.ts'), BASE_TEMPLATE], /variants\.ts: not valid JSON \(/],
  ])('%s', async (_name, args, message) => {
    const result = await review(...args());

    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
  });

  test('stacks with no name in common', async () => {
    const oldOut = writeTemplates({ 'A.template.json': baseTemplate(), 'B.template.json': baseTemplate() });
    const newOut = writeTemplates({ 'C.template.json': baseTemplate(), 'D.template.json': baseTemplate() });

    const result = await review(oldOut.dir, newOut.dir);

    expect(result.stderr).toBe('cdk-elasticache-cli review: no stack is in both inputs (old: A, B; new: C, D)\n');
    expect(result.code).toBe(1);
  });

  test('--help prints the usage and exit codes, exit 0', async () => {
    const result = await review('--help');

    expect(result.stdout).toContain('usage: cdk-elasticache-cli review');
    expect(result.stdout).toContain('2  a stateful resource is replaced or deleted without a Snapshot or Retain policy');
    expect(result.stdout).toContain('4  a stateful resource may be replaced');
    expect(result.stdout).toContain('5  the service rejects an update');
    expect(result.code).toBe(0);
  });
});
