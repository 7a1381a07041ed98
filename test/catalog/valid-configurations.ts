/**
 * A catalog of configurations that AWS documents as valid, one per entry, each with the pages that say so (checked
 * 2026-12-04; where the English page and AWS's newer translations of it disagree, both are cited, as lib/facts does).
 * test/catalog/valid-configurations.test.ts synthesizes every entry with strict CloudFormation validation and expects
 * no error: the counterpart of the invalid-input tests, because a valid input the library rejects blocks a user as
 * surely as an invalid one it accepts breaks a deploy.
 *
 * An entry builds the stacks of an app in the Stage it is given, the way a user would write them.
 */
import { Duration, Stack, Stage, aws_ec2 as ec2, aws_logs as logs } from 'aws-cdk-lib';
import {
  AccessString,
  CacheAuthentication,
  CacheLogDestination,
  CacheUser,
  CacheUserGroup,
  ClusterMode,
  Durability,
  GlobalDatastore,
  MemcachedAzMode,
  MemcachedCluster,
  MemcachedClusterProps,
  MemcachedEngine,
  NetworkType,
  ReplicationGroup,
  ReplicationGroupEngine,
  ReplicationGroupProps,
  ServerlessCache,
  ServerlessCacheEngine,
  ServerlessCacheProps,
  TransitEncryptionMode,
  UserAuthentication,
  UserEngine,
} from '../../lib';
import type { MissingLookup } from '../helpers/synth-batch';

export type Shape =
  | 'replication group, cluster mode disabled'
  | 'replication group, cluster mode enabled'
  | 'replication group with durability'
  | 'memcached cluster'
  | 'serverless valkey'
  | 'serverless redis'
  | 'serverless memcached'
  | 'global datastore';

export type AuthMode = 'auth token' | 'rbac' | 'iam' | 'none';

export interface CatalogEntry {
  /** Kebab-case, unique. */
  readonly id: string;
  readonly shape: Shape;
  readonly auth: AuthMode;
  /** AWS pages (or AWS statements on GitHub) that document the configuration as valid. */
  readonly sources: readonly string[];
  /** Builds the configuration's stacks in `stage`. */
  readonly build: (stage: Stage) => void;
  /**
   * Warnings the library raises on purpose for this configuration (acknowledgeable, not errors), with why. Any other
   * warning fails the catalog.
   */
  readonly warnings?: { readonly ids: readonly string[]; readonly reason: string };
  /**
   * The entry has an env-specific stack whose lookups the CDK CLI answers between two synth passes: the first pass
   * (placeholder values such as zones `dummy1a`) must record them and not throw; the second, with `answerLookup`'s
   * answers, must synthesize cleanly.
   */
  readonly lookup?: (missing: MissingLookup) => unknown;
}

const DG = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg';
const MEM = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/mem-ug';
const CFN = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference';

const S = {
  multiAz: `${DG}/AutoFailover.html`,
  clusterMode: `${DG}/CacheNodes.NodeGroups.html`,
  authToken: `${DG}/auth.html`,
  /** Also: "RBAC is also the only way to control access to serverless caches." */
  rbac: `${DG}/Clusters.RBAC.html`,
  /** AWS's translation of the RBAC page that carries its limitations list ("user groups with engine VALKEY and REDIS can both be used"). */
  rbacLimitations: 'https://docs.aws.amazon.com/zh_cn/AmazonElastiCache/latest/dg/Clusters.RBAC.html',
  userGroupCfn: `${CFN}/aws-resource-elasticache-usergroup.html`,
  iam: `${DG}/auth-iam.html`,
  engineVersions: `${DG}/supported-engine-versions.html`,
  nodeTypes: `${DG}/CacheNodes.SupportedTypes.html`,
  autoScaling: `${DG}/AutoScaling.html`,
  /** The newer (translated) prerequisites list: R8g, R7g, R6g, R6gd, R5, M8g, M7g, M6g, M5, C8gn, C7gn. */
  autoScalingNewer: 'https://docs.aws.amazon.com/es_es/AmazonElastiCache/latest/dg/AutoScaling.html',
  durability: `${DG}/Durability.Limitations.html`,
  /** The newer (translated) durability families: R8g, R7g, R6g, M8g, M7g, M6g, C8gn, C7gn. */
  durabilityNewer: 'https://docs.aws.amazon.com/ja_jp/AmazonElastiCache/latest/dg/Durability.Limitations.html',
  durabilityConfiguring: `${DG}/Durability.Configuring.html`,
  dataTiering: `${DG}/data-tiering.html`,
  networkType: `${DG}/network-type.html`,
  transit: `${DG}/in-transit-encryption.html`,
  logDelivery: `${DG}/Log_Delivery.html`,
  memcachedTls: `${MEM}/in-transit-encryption-mc.html`,
  memcachedNodeTypes: `${MEM}/CacheNodes.SupportedTypes.html`,
  cacheClusterCfn: `${CFN}/aws-resource-elasticache-cachecluster.html`,
  serverlessCfn: `${CFN}/aws-resource-elasticache-serverlesscache.html`,
  serverlessMemcached: `${MEM}/SupportedCommandsMem.html`,
  globalDatastore: `${DG}/Redis-Global-Datastores-Getting-Started.html`,
  globalDatastoreCfn: `${CFN}/aws-resource-elasticache-globalreplicationgroup.html`,
  cdkContext: 'https://docs.aws.amazon.com/cdk/v2/guide/context.html',
};

/** Memcached without TLS is legal (and needed before 1.6.12), but anyone on the network reads every key. */
const PLAINTEXT_WARNING = {
  ids: ['cdk-elasticache:memcached-plaintext'],
  reason: 'a risky but valid choice: the library warns, a user acknowledges',
};

const ENV = { account: '123456789012', region: 'us-east-1' };

function stackIn(stage: Stage, env?: { account?: string; region: string }, id = 'Catalog'): Stack {
  return new Stack(stage, id, { env });
}

/** A VPC with isolated subnets only, as the sample's, in three zones (in an env-specific stack, looked up ones). */
function isolatedVpc(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    natGateways: 0,
    maxAzs: 3,
    subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
}

/** A replication group with its own isolated VPC in a stack of `stage`. */
function replicationGroup(stage: Stage, props: Omit<ReplicationGroupProps, 'vpc'> = {}): ReplicationGroup {
  const stack = stackIn(stage);
  return new ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack), ...props });
}

function passwordUser(stack: Stack, userName: string, engine = UserEngine.VALKEY, accessString = AccessString.readWrite()): CacheUser {
  return new CacheUser(stack, `User-${userName}`, { userName, engine, accessString });
}

function iamUser(stack: Stack, userName: string, engine = UserEngine.VALKEY): CacheUser {
  return new CacheUser(stack, `User-${userName}`, { userName, engine, authentication: UserAuthentication.iam() });
}

/** A replication group authenticated by a user group built from `users`. */
function withUserGroup(
  stage: Stage,
  mode: 'rbac' | 'iam',
  users: (stack: Stack) => CacheUser[],
  props: Omit<ReplicationGroupProps, 'vpc' | 'authentication'> & { groupEngine?: UserEngine } = {},
): ReplicationGroup {
  const stack = stackIn(stage);
  const { groupEngine, ...rest } = props;
  const group = new CacheUserGroup(stack, 'Users', { users: users(stack), engine: groupEngine });
  const authentication = mode === 'rbac' ? CacheAuthentication.rbac(group) : CacheAuthentication.iam(group);
  return new ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack), authentication, ...rest });
}

function memcached(stage: Stage, props: Omit<MemcachedClusterProps, 'vpc'> = {}): MemcachedCluster {
  const stack = stackIn(stage);
  return new MemcachedCluster(stack, 'Cache', { vpc: isolatedVpc(stack), ...props });
}

function serverless(stage: Stage, props: Omit<ServerlessCacheProps, 'vpc'> = {}): ServerlessCache {
  const stack = stackIn(stage);
  return new ServerlessCache(stack, 'Cache', { vpc: isolatedVpc(stack), ...props });
}

/** A global datastore: a primary in us-east-1, a secondary in us-west-2 (cross-region references, explicit regions). */
function globalDatastore(stage: Stage, primaryProps: Omit<ReplicationGroupProps, 'vpc'> = {}): void {
  const east = new Stack(stage, 'East', { env: { region: 'us-east-1' } });
  const west = new Stack(stage, 'West', { env: { region: 'us-west-2' }, crossRegionReferences: true });
  const primary = new ReplicationGroup(east, 'Cache', { vpc: isolatedVpc(east), ...primaryProps });
  const datastore = new GlobalDatastore(east, 'Global', { primary });
  new ReplicationGroup(west, 'Cache', { vpc: isolatedVpc(west), globalDatastore: datastore, replicasPerShard: 1 });
}

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** A VPC as the CLI's lookup returns it: private subnets with egress and isolated ones, in two zones. */
const LOOKED_UP_VPC = {
  vpcId: 'vpc-0123456789abcdef0',
  vpcCidrBlock: '10.0.0.0/16',
  ownerAccountId: ENV.account,
  availabilityZones: [],
  subnetGroups: [
    { name: 'Private', type: 'Private', cidrs: ['10.0.0.0/20', '10.0.16.0/20'] },
    { name: 'Isolated', type: 'Isolated', cidrs: ['10.0.32.0/20', '10.0.48.0/20'] },
  ].map((group, g) => ({
    name: group.name,
    type: group.type,
    subnets: group.cidrs.map((cidr, i) => ({
      subnetId: `subnet-0${g}${i}23456789abcdef0`,
      cidr,
      availabilityZone: ZONES[i],
      routeTableId: `rtb-0${g}${i}23456789abcdef0`,
    })),
  })),
};

/** What the CDK CLI would answer for the lookups of an env-specific entry (account ENV.account, us-east-1). */
export function answerLookup(missing: MissingLookup): unknown {
  switch (missing.provider) {
    case 'availability-zones':
      return ZONES;
    case 'vpc-provider':
      return LOOKED_UP_VPC;
    default:
      throw new Error(`the catalog has no answer for the lookup ${missing.key}`);
  }
}

/** `ec2.Vpc.fromLookup` in an env-specific stack of an app without context: CDK's first pass, placeholder zones `dummy1a`... */
function lookedUpVpc(stage: Stage): { stack: Stack; vpc: ec2.IVpc } {
  const stack = stackIn(stage, ENV);
  return { stack, vpc: ec2.Vpc.fromLookup(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0' }) };
}

/** A VPC imported by attributes, with the placeholder zones CDK uses before a lookup (`dummy1a`, `dummy1b`). */
function placeholderVpc(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['dummy1a', 'dummy1b'],
    isolatedSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
    isolatedSubnetRouteTableIds: ['rtb-0123456789abcdef0', 'rtb-0123456789abcdef1'],
  });
}

export const CATALOG: readonly CatalogEntry[] = [
  // --- Replication groups, cluster mode disabled ---------------------------------------------------------------------
  {
    id: 'rg-cmd-valkey-auth-token-defaults',
    shape: 'replication group, cluster mode disabled',
    auth: 'auth token',
    sources: [S.multiAz, S.authToken],
    build: (stage) => replicationGroup(stage),
  },
  {
    id: 'rg-cmd-auth-token-rotated-with-endpoints',
    shape: 'replication group, cluster mode disabled',
    auth: 'auth token',
    sources: [S.authToken],
    build: (stage) => {
      const stack = stackIn(stage);
      const vpc = isolatedVpc(stack);
      for (const service of [ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER, ec2.InterfaceVpcEndpointAwsService.ELASTICACHE]) {
        vpc.addInterfaceEndpoint(service.shortName, { service });
      }
      new ReplicationGroup(stack, 'Cache', {
        vpc,
        authentication: CacheAuthentication.authToken({ rotation: { automaticallyAfter: Duration.days(30) } }),
      });
    },
  },
  {
    id: 'rg-cmd-redis-7.1-auth-token',
    shape: 'replication group, cluster mode disabled',
    auth: 'auth token',
    sources: [S.engineVersions, S.authToken],
    build: (stage) => replicationGroup(stage, { engine: ReplicationGroupEngine.REDIS_7_1 }),
  },
  {
    id: 'rg-cmd-single-node-without-failover',
    shape: 'replication group, cluster mode disabled',
    auth: 'auth token',
    // "Multi-AZ ... requires at least one read replica": a group of one primary and no replica is valid without it.
    sources: [S.multiAz],
    build: (stage) => replicationGroup(stage, { replicasPerShard: 0, multiAz: false, cacheNodeType: 'cache.t4g.small' }),
  },
  {
    id: 'rg-cmd-preferred-zones-env-specific',
    lookup: answerLookup,
    shape: 'replication group, cluster mode disabled',
    auth: 'auth token',
    sources: [S.multiAz, `${CFN}/aws-resource-elasticache-replicationgroup.html`],
    // The VPC's zones come from the CLI's lookup (placeholders `dummy1a`... in the first pass); the user names real ones.
    build: (stage) => {
      const stack = stackIn(stage, ENV);
      new ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack), replicasPerShard: 2, preferredAvailabilityZones: ZONES });
    },
  },
  {
    id: 'rg-cmd-valkey-rbac-valkey-user-group',
    shape: 'replication group, cluster mode disabled',
    auth: 'rbac',
    sources: [S.rbac, S.userGroupCfn],
    build: (stage) =>
      withUserGroup(stage, 'rbac', (stack) => [
        passwordUser(stack, 'writer'),
        passwordUser(stack, 'reporting', UserEngine.VALKEY, AccessString.readOnly()),
      ]),
  },
  {
    id: 'rg-cmd-valkey-rbac-redis-user-group',
    shape: 'replication group, cluster mode disabled',
    auth: 'rbac',
    // "When using RBAC with Valkey clusters, user groups with engine VALKEY and REDIS can both be used."
    sources: [S.rbac, S.rbacLimitations, S.userGroupCfn],
    build: (stage) =>
      withUserGroup(stage, 'rbac', (stack) => [passwordUser(stack, 'writer', UserEngine.REDIS)], { groupEngine: UserEngine.REDIS }),
  },
  {
    id: 'rg-cmd-valkey-rbac-mixed-engine-users',
    shape: 'replication group, cluster mode disabled',
    auth: 'rbac',
    // A VALKEY user group holds valkey users and redis users that authenticate with a password or IAM.
    sources: [S.rbac, S.rbacLimitations, 'https://github.com/open-constructs/aws-cdk-library/issues/69'],
    build: (stage) =>
      withUserGroup(stage, 'rbac', (stack) => [passwordUser(stack, 'writer'), passwordUser(stack, 'legacy', UserEngine.REDIS)]),
  },
  {
    id: 'rg-cmd-rbac-imported-user-group',
    shape: 'replication group, cluster mode disabled',
    auth: 'rbac',
    // A user group is its own resource (AWS::ElastiCache::UserGroup), created once and given to caches by id.
    sources: [S.rbac, S.userGroupCfn],
    build: (stage) => {
      const stack = stackIn(stage);
      const users = CacheUserGroup.fromCacheUserGroupAttributes(stack, 'Users', { userGroupId: 'shared-users' });
      new ReplicationGroup(stack, 'Cache', { vpc: isolatedVpc(stack), authentication: CacheAuthentication.rbac(users) });
    },
  },
  {
    id: 'rg-cmd-redis-6.2-rbac',
    shape: 'replication group, cluster mode disabled',
    auth: 'rbac',
    // RBAC: Redis OSS 6.0 onward, with user groups of engine REDIS.
    sources: [S.rbac, S.engineVersions],
    build: (stage) =>
      withUserGroup(stage, 'rbac', (stack) => [passwordUser(stack, 'writer', UserEngine.REDIS)], {
        groupEngine: UserEngine.REDIS,
        engine: ReplicationGroupEngine.REDIS_6_2,
      }),
  },
  {
    id: 'rg-cmd-valkey-iam',
    shape: 'replication group, cluster mode disabled',
    auth: 'iam',
    sources: [S.iam],
    build: (stage) => withUserGroup(stage, 'iam', (stack) => [iamUser(stack, 'app-iam')]),
  },
  {
    id: 'rg-cmd-redis-7.0-iam',
    shape: 'replication group, cluster mode disabled',
    auth: 'iam',
    // IAM authentication: Valkey 7.2+ or Redis OSS 7.0+.
    sources: [S.iam, S.engineVersions],
    build: (stage) =>
      withUserGroup(stage, 'iam', (stack) => [iamUser(stack, 'app-iam-redis', UserEngine.REDIS)], {
        groupEngine: UserEngine.REDIS,
        engine: ReplicationGroupEngine.REDIS_7_0,
      }),
  },
  {
    id: 'rg-cmd-iam-and-password-users',
    shape: 'replication group, cluster mode disabled',
    auth: 'iam',
    sources: [S.iam, S.rbac],
    build: (stage) => withUserGroup(stage, 'iam', (stack) => [iamUser(stack, 'app-iam-mixed'), passwordUser(stack, 'admin')]),
  },
  {
    id: 'rg-cmd-dual-stack',
    shape: 'replication group, cluster mode disabled',
    auth: 'auth token',
    // Dual stack: Valkey 7.2+ / Redis OSS 6.2+ on Nitro node types, in subnets with IPv4 and IPv6.
    sources: [S.networkType],
    build: (stage) => {
      const stack = stackIn(stage);
      const vpc = new ec2.Vpc(stack, 'Vpc', {
        natGateways: 0,
        ipProtocol: ec2.IpProtocol.DUAL_STACK,
        subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      });
      new ReplicationGroup(stack, 'Cache', { vpc, networkType: NetworkType.DUAL_STACK });
    },
  },
  {
    id: 'rg-cmd-data-tiering-r6gd',
    shape: 'replication group, cluster mode disabled',
    auth: 'auth token',
    sources: [S.dataTiering, S.nodeTypes],
    build: (stage) => replicationGroup(stage, { cacheNodeType: 'cache.r6gd.xlarge', dataTiering: true }),
  },
  {
    id: 'rg-cmd-transit-preferred-for-migration',
    shape: 'replication group, cluster mode disabled',
    auth: 'auth token',
    // TransitEncryptionMode preferred: Valkey 7.2+ / Redis OSS 7.0+, the step between plaintext and required TLS.
    sources: [S.transit],
    build: (stage) => replicationGroup(stage, { transitEncryptionMode: TransitEncryptionMode.PREFERRED }),
  },
  {
    id: 'rg-cmd-slow-and-engine-log',
    shape: 'replication group, cluster mode disabled',
    auth: 'auth token',
    sources: [S.logDelivery],
    build: (stage) =>
      replicationGroup(stage, {
        logging: {
          slowLog: CacheLogDestination.newLogGroup({ retention: logs.RetentionDays.ONE_YEAR }),
          engineLog: CacheLogDestination.newLogGroup(),
        },
      }),
  },
  {
    id: 'rg-cmd-valkey-7.2-r8g',
    shape: 'replication group, cluster mode disabled',
    auth: 'auth token',
    // 8th-generation Graviton: listed for Valkey 7.2 onward.
    sources: [S.nodeTypes],
    build: (stage) => replicationGroup(stage, { engine: ReplicationGroupEngine.VALKEY_7_2, cacheNodeType: 'cache.r8g.large' }),
  },
  {
    id: 'rg-cmd-valkey-c8gn',
    shape: 'replication group, cluster mode disabled',
    auth: 'auth token',
    sources: [S.nodeTypes],
    build: (stage) => replicationGroup(stage, { engine: ReplicationGroupEngine.VALKEY_8_2, cacheNodeType: 'cache.c8gn.large' }),
  },
  {
    id: 'rg-cmd-placeholder-zones-from-lookup',
    lookup: answerLookup,
    shape: 'replication group, cluster mode disabled',
    auth: 'auth token',
    // The CLI's first synth pass of an env-specific stack with a lookup: placeholder values, then the real ones.
    sources: [S.cdkContext, S.multiAz],
    build: (stage) => {
      const { stack, vpc } = lookedUpVpc(stage);
      new ReplicationGroup(stack, 'Cache', { vpc, replicasPerShard: 1, preferredAvailabilityZones: ['us-east-1a', 'us-east-1b'] });
    },
  },
  {
    id: 'rg-cmd-placeholder-zones-from-attributes',
    lookup: answerLookup,
    shape: 'replication group, cluster mode disabled',
    auth: 'auth token',
    sources: [S.cdkContext, S.multiAz],
    build: (stage) => {
      const stack = stackIn(stage, ENV);
      const vpc = placeholderVpc(stack);
      new ReplicationGroup(stack, 'Cache', { vpc, replicasPerShard: 1, preferredAvailabilityZones: vpc.availabilityZones });
    },
  },

  // --- Replication groups, cluster mode enabled ----------------------------------------------------------------------
  {
    id: 'rg-cme-valkey-3-shards-auth-token',
    shape: 'replication group, cluster mode enabled',
    auth: 'auth token',
    sources: [S.clusterMode, S.authToken],
    build: (stage) => replicationGroup(stage, { numShards: 3, replicasPerShard: 1 }),
  },
  {
    id: 'rg-cme-one-shard-cluster-mode-enabled',
    shape: 'replication group, cluster mode enabled',
    auth: 'auth token',
    // Cluster mode enabled with a single shard (scale out later by resharding online).
    sources: [S.clusterMode],
    build: (stage) => replicationGroup(stage, { clusterMode: ClusterMode.ENABLED, numShards: 1, replicasPerShard: 1 }),
  },
  {
    id: 'rg-cme-valkey-rbac',
    shape: 'replication group, cluster mode enabled',
    auth: 'rbac',
    sources: [S.rbac, S.clusterMode],
    build: (stage) =>
      withUserGroup(
        stage,
        'rbac',
        (stack) => [passwordUser(stack, 'writer'), passwordUser(stack, 'reader', UserEngine.VALKEY, AccessString.readOnly())],
        {
          numShards: 2,
          replicasPerShard: 1,
        },
      ),
  },
  {
    id: 'rg-cme-valkey-redis-user-group',
    shape: 'replication group, cluster mode enabled',
    auth: 'rbac',
    sources: [S.rbac, S.rbacLimitations, S.userGroupCfn],
    build: (stage) =>
      withUserGroup(stage, 'rbac', (stack) => [passwordUser(stack, 'writer', UserEngine.REDIS)], {
        groupEngine: UserEngine.REDIS,
        numShards: 2,
        replicasPerShard: 1,
      }),
  },
  {
    id: 'rg-cme-valkey-iam',
    shape: 'replication group, cluster mode enabled',
    auth: 'iam',
    sources: [S.iam, S.clusterMode],
    build: (stage) => withUserGroup(stage, 'iam', (stack) => [iamUser(stack, 'app-iam-cluster')], { numShards: 3, replicasPerShard: 1 }),
  },
  {
    id: 'rg-cme-auto-scaling-r7g',
    shape: 'replication group, cluster mode enabled',
    auth: 'auth token',
    sources: [S.autoScaling],
    build: (stage) => {
      const cache = replicationGroup(stage, { cacheNodeType: 'cache.r7g.large', numShards: 2, replicasPerShard: 1 });
      cache.autoScaleShards({ minCapacity: 2, maxCapacity: 8, targetMemoryUtilization: 70 });
      cache.autoScaleReplicas({ minCapacity: 1, maxCapacity: 3, targetEngineCpuUtilization: 50 });
    },
  },
  ...(['cache.r8g.xlarge', 'cache.m8g.large', 'cache.c8gn.2xlarge'] as const).map((cacheNodeType): CatalogEntry => ({
    id: `rg-cme-auto-scaling-${cacheNodeType.split('.')[1]}`,
    shape: 'replication group, cluster mode enabled',
    auth: 'auth token',
    sources: [S.autoScaling, S.autoScalingNewer, S.nodeTypes],
    build: (stage) => {
      const cache = replicationGroup(stage, { cacheNodeType, numShards: 2, replicasPerShard: 1 });
      cache.autoScaleShards({ minCapacity: 2, maxCapacity: 6, targetEngineCpuUtilization: 60 });
    },
  })),
  {
    id: 'rg-cme-redis-7.1-data-tiering-auto-scaling',
    shape: 'replication group, cluster mode enabled',
    auth: 'auth token',
    // Auto scaling of data-tiering clusters: Redis OSS 7.0.7 onward, on r6gd; the memory metric is not eligible.
    sources: [S.autoScaling, S.dataTiering],
    build: (stage) => {
      const cache = replicationGroup(stage, {
        engine: ReplicationGroupEngine.REDIS_7_1,
        cacheNodeType: 'cache.r6gd.xlarge',
        numShards: 2,
        replicasPerShard: 1,
      });
      cache.autoScaleShards({ minCapacity: 2, maxCapacity: 4, targetEngineCpuUtilization: 60 });
    },
  },

  // --- Durability (Valkey 9.0) ---------------------------------------------------------------------------------------
  {
    id: 'durability-sync-r7g',
    shape: 'replication group with durability',
    auth: 'auth token',
    sources: [S.durability, S.durabilityConfiguring],
    build: (stage) => replicationGroup(stage, { numShards: 2, replicasPerShard: 1, durability: Durability.SYNC }),
  },
  {
    id: 'durability-async-data-tiering-off',
    shape: 'replication group with durability',
    auth: 'auth token',
    // "Durability is not supported with ... data tiering": data tiering explicitly off.
    sources: [S.durability],
    build: (stage) =>
      replicationGroup(stage, {
        cacheNodeType: 'cache.m7g.large',
        clusterMode: ClusterMode.ENABLED,
        numShards: 1,
        replicasPerShard: 1,
        durability: Durability.ASYNC,
        dataTiering: false,
      }),
  },
  {
    id: 'durability-sync-r8g',
    shape: 'replication group with durability',
    auth: 'auth token',
    sources: [S.durability, S.durabilityNewer],
    build: (stage) =>
      replicationGroup(stage, { cacheNodeType: 'cache.r8g.large', numShards: 2, replicasPerShard: 1, durability: Durability.SYNC }),
  },
  {
    id: 'durability-sync-c8gn-rbac',
    shape: 'replication group with durability',
    auth: 'rbac',
    sources: [S.durability, S.durabilityNewer, S.rbac],
    build: (stage) =>
      withUserGroup(stage, 'rbac', (stack) => [passwordUser(stack, 'writer')], {
        cacheNodeType: 'cache.c8gn.large',
        numShards: 2,
        replicasPerShard: 1,
        durability: Durability.SYNC,
      }),
  },
  {
    id: 'durability-disabled-explicit',
    shape: 'replication group with durability',
    auth: 'auth token',
    // `disabled` is one of the documented values (sync | async | disabled | default).
    sources: [S.durabilityConfiguring],
    build: (stage) => replicationGroup(stage, { numShards: 2, replicasPerShard: 1, durability: Durability.DISABLED }),
  },

  // --- Memcached clusters (no authentication) ------------------------------------------------------------------------
  {
    id: 'memcached-tls-defaults',
    shape: 'memcached cluster',
    auth: 'none',
    sources: [S.memcachedTls, S.cacheClusterCfn],
    build: (stage) => memcached(stage),
  },
  {
    id: 'memcached-single-node-no-tls',
    shape: 'memcached cluster',
    auth: 'none',
    sources: [S.cacheClusterCfn],
    build: (stage) => memcached(stage, { numNodes: 1, azMode: MemcachedAzMode.SINGLE_AZ, transitEncryption: false }),
    warnings: PLAINTEXT_WARNING,
  },
  {
    id: 'memcached-preferred-zones-env-specific',
    lookup: answerLookup,
    shape: 'memcached cluster',
    auth: 'none',
    sources: [S.cacheClusterCfn],
    // The README recommends preferredAvailabilityZones; the VPC's zones come from the CLI's lookup (placeholders
    // `dummy1a`... in the first pass), the user names real ones.
    build: (stage) => {
      const stack = stackIn(stage, ENV);
      new MemcachedCluster(stack, 'Cache', {
        vpc: isolatedVpc(stack),
        numNodes: 3,
        preferredAvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1a'],
      });
    },
  },
  {
    id: 'memcached-1.6.6-m8g',
    shape: 'memcached cluster',
    auth: 'none',
    // 8th-generation Graviton for Memcached: 1.6.6 onward (TLS needs 1.6.12, so off here).
    sources: [S.memcachedNodeTypes, S.nodeTypes],
    build: (stage) =>
      memcached(stage, { engine: MemcachedEngine.MEMCACHED_1_6_6, cacheNodeType: 'cache.m8g.large', transitEncryption: false }),
    warnings: PLAINTEXT_WARNING,
  },
  {
    id: 'memcached-r8g-tls',
    shape: 'memcached cluster',
    auth: 'none',
    sources: [S.memcachedNodeTypes, S.memcachedTls],
    build: (stage) => memcached(stage, { cacheNodeType: 'cache.r8g.large', numNodes: 3 }),
  },
  {
    id: 'memcached-dual-stack',
    shape: 'memcached cluster',
    auth: 'none',
    // IPv6 and dual stack: Memcached 1.6.6+ on Nitro node types.
    sources: [S.networkType],
    build: (stage) => {
      const stack = stackIn(stage);
      const vpc = new ec2.Vpc(stack, 'Vpc', {
        natGateways: 0,
        ipProtocol: ec2.IpProtocol.DUAL_STACK,
        subnetConfiguration: [{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      });
      new MemcachedCluster(stack, 'Cache', { vpc, networkType: NetworkType.DUAL_STACK });
    },
  },
  {
    id: 'memcached-placeholder-zones-from-lookup',
    lookup: answerLookup,
    shape: 'memcached cluster',
    auth: 'none',
    // The README recommends preferredAvailabilityZones; the CLI's first pass has only placeholder zones.
    sources: [S.cdkContext, S.cacheClusterCfn],
    build: (stage) => {
      const { stack, vpc } = lookedUpVpc(stage);
      new MemcachedCluster(stack, 'Cache', {
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        preferredAvailabilityZones: ['us-east-1a', 'us-east-1b'],
      });
    },
  },
  {
    id: 'memcached-placeholder-zones-from-attributes',
    lookup: answerLookup,
    shape: 'memcached cluster',
    auth: 'none',
    sources: [S.cdkContext, S.cacheClusterCfn],
    build: (stage) => {
      const stack = stackIn(stage, ENV);
      const vpc = placeholderVpc(stack);
      new MemcachedCluster(stack, 'Cache', { vpc, preferredAvailabilityZones: vpc.availabilityZones });
    },
  },

  // --- Serverless ----------------------------------------------------------------------------------------------------
  {
    id: 'serverless-valkey-default-app-user',
    shape: 'serverless valkey',
    auth: 'rbac',
    sources: [S.serverlessCfn, S.rbac],
    build: (stage) => serverless(stage),
  },
  {
    id: 'serverless-valkey-limits-and-backups',
    shape: 'serverless valkey',
    auth: 'rbac',
    sources: [S.serverlessCfn],
    build: (stage) => {
      const stack = stackIn(stage);
      const users = new CacheUserGroup(stack, 'Users', { users: [passwordUser(stack, 'writer')] });
      new ServerlessCache(stack, 'Cache', {
        vpc: isolatedVpc(stack),
        engine: ServerlessCacheEngine.VALKEY_8,
        authentication: CacheAuthentication.rbac(users),
        backup: { retention: Duration.days(7), dailySnapshotTime: '04:00' },
      });
    },
  },
  {
    id: 'serverless-valkey-redis-user-group',
    shape: 'serverless valkey',
    auth: 'rbac',
    sources: [S.rbac, S.rbacLimitations],
    build: (stage) => {
      const stack = stackIn(stage);
      const users = new CacheUserGroup(stack, 'Users', {
        users: [passwordUser(stack, 'writer', UserEngine.REDIS)],
        engine: UserEngine.REDIS,
      });
      new ServerlessCache(stack, 'Cache', { vpc: isolatedVpc(stack), authentication: CacheAuthentication.rbac(users) });
    },
  },
  {
    id: 'serverless-valkey-9-iam',
    shape: 'serverless valkey',
    auth: 'iam',
    sources: [S.iam, S.rbac],
    build: (stage) => {
      const stack = stackIn(stage);
      const users = new CacheUserGroup(stack, 'Users', { users: [iamUser(stack, 'app-iam-serverless')] });
      new ServerlessCache(stack, 'Cache', {
        vpc: isolatedVpc(stack),
        engine: ServerlessCacheEngine.VALKEY_9,
        authentication: CacheAuthentication.iam(users),
      });
    },
  },
  {
    id: 'serverless-redis-7-rbac',
    shape: 'serverless redis',
    auth: 'rbac',
    sources: [S.serverlessCfn, S.rbac],
    build: (stage) => {
      const stack = stackIn(stage);
      const users = new CacheUserGroup(stack, 'Users', {
        users: [passwordUser(stack, 'writer', UserEngine.REDIS)],
        engine: UserEngine.REDIS,
      });
      new ServerlessCache(stack, 'Cache', {
        vpc: isolatedVpc(stack),
        engine: ServerlessCacheEngine.REDIS_7,
        authentication: CacheAuthentication.rbac(users),
      });
    },
  },
  {
    id: 'serverless-memcached',
    shape: 'serverless memcached',
    auth: 'none',
    // "Client connections require TLS": serverless Memcached has no users, TLS only.
    sources: [S.serverlessMemcached, S.serverlessCfn],
    build: (stage) => serverless(stage, { engine: ServerlessCacheEngine.MEMCACHED_1_6 }),
  },
  {
    id: 'serverless-memcached-limits',
    shape: 'serverless memcached',
    auth: 'none',
    sources: [S.serverlessMemcached, S.serverlessCfn],
    build: (stage) =>
      serverless(stage, {
        engine: ServerlessCacheEngine.MEMCACHED_1_6,
        cacheUsageLimits: { requestRateLimitMaximum: 50_000 },
      }),
  },
  {
    id: 'serverless-valkey-placeholder-zones-from-lookup',
    lookup: answerLookup,
    shape: 'serverless valkey',
    auth: 'rbac',
    sources: [S.cdkContext, S.serverlessCfn],
    build: (stage) => {
      const { stack, vpc } = lookedUpVpc(stage);
      new ServerlessCache(stack, 'Cache', { vpc });
    },
  },

  // --- Global datastores ---------------------------------------------------------------------------------------------
  {
    id: 'global-cluster-mode-disabled',
    shape: 'global datastore',
    auth: 'auth token',
    sources: [S.globalDatastore, S.globalDatastoreCfn],
    build: (stage) => globalDatastore(stage, { cacheNodeType: 'cache.r7g.large' }),
  },
  {
    id: 'global-cluster-mode-enabled',
    shape: 'global datastore',
    auth: 'auth token',
    // Global datastores support cluster mode; every member has the primary's shard count.
    sources: [S.globalDatastore, S.globalDatastoreCfn],
    build: (stage) => globalDatastore(stage, { cacheNodeType: 'cache.m7g.large', numShards: 2, replicasPerShard: 1 }),
  },
  {
    id: 'global-redis-7.1-r6gd',
    shape: 'global datastore',
    auth: 'auth token',
    // Global datastore families in size large and above include R6gd (data tiering, whose smallest size is xlarge).
    sources: [S.globalDatastore, S.dataTiering],
    build: (stage) => globalDatastore(stage, { engine: ReplicationGroupEngine.REDIS_7_1, cacheNodeType: 'cache.r6gd.xlarge' }),
  },
];
