import { CfnDeletionPolicy, RemovalPolicy, Token, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CacheValidationError, MemcachedAzMode, MemcachedCluster, MemcachedClusterProps, MemcachedEngine, NetworkType } from '../../lib';
import { MEMCACHED_DEFAULTS } from '../../lib/memcached/config';
import { MEMCACHED_RULES } from '../../lib/memcached/validation-rules';
import { ruleFor } from '../../packages/cli/src/review/update-rules';
import { captureError } from '../helpers/errors';
import { EU_WEST_1_ZONES, envStack, isolatedVpc, newStack, onlyResource } from '../helpers/stacks';

const CLUSTER = 'AWS::ElastiCache::CacheCluster';

/** A stack with one MemcachedCluster in an isolated VPC; `props` override the defaults. */
function memcachedStack(props: Partial<MemcachedClusterProps> = {}) {
  const stack = newStack();
  const vpc = isolatedVpc(stack);
  const cluster = new MemcachedCluster(stack, 'Memcached', { vpc, ...props });
  return { stack, vpc, cluster };
}

describe('MemcachedCluster defaults', () => {
  const { stack, cluster } = memcachedStack();
  const template = Template.fromStack(stack);
  const resource = onlyResource(template, CLUSTER);

  test('two nodes of Memcached 1.6.22 on cache.r7g.large, spread over Availability Zones', () => {
    expect(resource.Properties).toMatchObject({
      Engine: 'memcached',
      EngineVersion: '1.6.22',
      CacheNodeType: 'cache.r7g.large',
      NumCacheNodes: 2,
      AZMode: 'cross-az',
    });
    expect(cluster.azMode).toBe(MemcachedAzMode.CROSS_AZ);
  });

  test('encrypts in transit and listens on a non-default port (cdk-nag AwsSolutions-AEC5)', () => {
    expect(resource.Properties).toMatchObject({ TransitEncryptionEnabled: true, Port: 11212 });
    expect(cluster.port).toBe(11212);
  });

  test('is placed in the isolated subnets, in a subnet group of its own', () => {
    const subnetGroup = onlyResource(template, 'AWS::ElastiCache::SubnetGroup');
    expect(subnetGroup.Properties.SubnetIds).toHaveLength(2);
    expect(resource.Properties.CacheSubnetGroupName).toEqual({
      Ref: Object.keys(template.findResources('AWS::ElastiCache::SubnetGroup'))[0],
    });
  });

  test('has its own security group with no ingress and closed egress; connections use the cluster port', () => {
    const group = onlyResource(template, 'AWS::EC2::SecurityGroup');
    expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    expect(group.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
    expect(cluster.connections.defaultPort?.toString()).toBe('11212');
  });

  test('uses a parameter group of the memcached1.6 family, without an explicit name', () => {
    const group = onlyResource(template, 'AWS::ElastiCache::ParameterGroup');
    expect(group.Properties).toEqual({ CacheParameterGroupFamily: 'memcached1.6', Description: expect.any(String), Properties: {} });
    expect(resource.Properties.CacheParameterGroupName).toEqual({
      Ref: Object.keys(template.findResources('AWS::ElastiCache::ParameterGroup'))[0],
    });
  });

  test('is deleted with the stack (Memcached has nothing to snapshot), and so are its helpers', () => {
    expect(resource.DeletionPolicy).toBe('Delete');
    for (const type of ['AWS::ElastiCache::SubnetGroup', 'AWS::ElastiCache::ParameterGroup', 'AWS::EC2::SecurityGroup']) {
      expect(onlyResource(template, type).DeletionPolicy).toBe('Delete');
    }
  });

  test('exposes the configuration endpoint (auto discovery) and the cluster name', () => {
    expect(stack.resolve(cluster.configurationEndpoint.address)).toEqual({
      'Fn::GetAtt': [stack.getLogicalId(cluster.cfnCacheCluster), 'ConfigurationEndpoint.Address'],
    });
    expect(cluster.configurationEndpoint.port).toBe(11212);
    expect(stack.resolve(cluster.clusterName)).toEqual({ Ref: stack.getLogicalId(cluster.cfnCacheCluster) });
    expect(stack.resolve(cluster.cacheClusterRef)).toEqual({ clusterName: { Ref: stack.getLogicalId(cluster.cfnCacheCluster) } });
  });

  test('raises no warning', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('template snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });
});

test('the defaults that would restart or replace a live cluster are frozen within a major version', () => {
  expect({ ...MEMCACHED_DEFAULTS, engine: MEMCACHED_DEFAULTS.engine.version }).toEqual({
    engine: '1.6.22',
    cacheNodeType: 'cache.r7g.large',
    numNodes: 2,
    port: 11212,
    transitEncryption: true,
    maintenanceWindow: 'sun:06:00-sun:07:00',
    networkType: NetworkType.IPV4,
    removalPolicy: RemovalPolicy.DESTROY,
  });
});

describe('MemcachedCluster options', () => {
  test('a retained cluster keeps the subnet group, parameter group and security group it uses', () => {
    const { stack } = memcachedStack({ removalPolicy: RemovalPolicy.RETAIN, parameters: { max_item_size: '2097152' } });
    const template = Template.fromStack(stack);
    expect(onlyResource(template, CLUSTER).DeletionPolicy).toBe('Retain');
    for (const type of ['AWS::ElastiCache::SubnetGroup', 'AWS::ElastiCache::ParameterGroup', 'AWS::EC2::SecurityGroup']) {
      expect(onlyResource(template, type).DeletionPolicy).toBe('Retain');
    }
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { Properties: { max_item_size: '2097152' } });
  });

  test('maps the preferred zones, IPv6, TLS off and an older engine family', () => {
    const { stack, vpc } = memcachedStack({
      numNodes: 3,
      engine: MemcachedEngine.MEMCACHED_1_5_16,
      transitEncryption: false,
      maintenanceWindow: 'mon:01:00-mon:02:00',
    });
    const azs = ['eu-west-1a', 'eu-west-1b'];
    new MemcachedCluster(stack, 'Ipv6', { vpc, networkType: NetworkType.IPV6, preferredAvailabilityZones: azs });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(CLUSTER, {
      EngineVersion: '1.5.16',
      NumCacheNodes: 3,
      TransitEncryptionEnabled: false,
      PreferredMaintenanceWindow: 'mon:01:00-mon:02:00',
    });
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: 'memcached1.5' });
    template.hasResourceProperties(CLUSTER, { NetworkType: 'ipv6', IpDiscovery: 'ipv6', PreferredAvailabilityZones: azs });
    Annotations.fromStack(stack).hasWarning('/TestStack/Memcached', Match.stringLikeRegexp('transitEncryption is off'));
  });

  test('one node is SINGLE_AZ; several nodes in one zone on request warn', () => {
    const { cluster, stack, vpc } = memcachedStack({ numNodes: 1 });
    expect(cluster.azMode).toBe(MemcachedAzMode.SINGLE_AZ);
    new MemcachedCluster(stack, 'OneZone', { vpc, azMode: MemcachedAzMode.SINGLE_AZ });
    Annotations.fromStack(stack).hasWarning('/TestStack/OneZone', Match.stringLikeRegexp('puts all 2 nodes in one Availability Zone'));
  });

  test('subnets with egress only when asked for, and grant() on the cluster ARN', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 1, maxAzs: 2 });
    const cluster = new MemcachedCluster(stack, 'Memcached', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    cluster.grant(role, 'elasticache:DescribeCacheClusters');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: vpc.privateSubnets.map((s) => ({ Ref: stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet) })),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'elasticache:DescribeCacheClusters',
            Effect: 'Allow',
            Resource: Match.objectLike({
              'Fn::Join': ['', Match.arrayWith([':cluster:', { Ref: stack.getLogicalId(cluster.cfnCacheCluster) }])],
            }),
          },
        ],
      },
    });
  });
});

/** [rule id, test name, props, expected message]: every error rule has at least one failing input. */
const FAILING_INPUTS: [string, string, Partial<MemcachedClusterProps>, RegExp][] = [
  [
    'memcached-cluster-name',
    'fails when the name is longer than 50 characters',
    { clusterName: 'a'.repeat(51) },
    /clusterName 'a+' is invalid: use 1-50/,
  ],
  ['memcached-node-type', 'fails when the node type is malformed', { cacheNodeType: 'r7g.large' }, /cacheNodeType 'r7g.large' is invalid/],
  ['memcached-node-type', 'fails on a data tiering node type', { cacheNodeType: 'cache.r6gd.xlarge' }, /data tiering \(r6gd\) node type/],
  [
    'memcached-node-type-engine',
    'fails when Graviton nodes run Memcached 1.5.10 (they need 1.5.16)',
    { cacheNodeType: 'cache.r6g.large', engine: MemcachedEngine.MEMCACHED_1_5_10, transitEncryption: false },
    /cacheNodeType 'cache.r6g.large' needs Memcached 1.5.16\+, but engine is memcached 1.5.10: upgrade the engine/,
  ],
  [
    'memcached-node-type-engine',
    'fails when 8th-generation Graviton nodes run Memcached 1.5.16 (they need 1.6.6)',
    { cacheNodeType: 'cache.r8g.large', engine: MemcachedEngine.MEMCACHED_1_5_16, transitEncryption: false },
    /cacheNodeType 'cache.r8g.large' needs Memcached 1.6.6\+, but engine is memcached 1.5.16/,
  ],
  [
    'memcached-node-type-engine',
    'fails when c7gn nodes run Memcached 1.5.16 (they need 1.6.6)',
    { cacheNodeType: 'cache.c7gn.large', engine: MemcachedEngine.MEMCACHED_1_5_16, transitEncryption: false },
    /cacheNodeType 'cache.c7gn.large' needs Memcached 1.6.6\+/,
  ],
  ['memcached-num-nodes-range', 'fails with 61 nodes', { numNodes: 61 }, /numNodes must be an integer from 1 to 60, got 61/],
  [
    'memcached-num-nodes-range',
    'fails with 0 nodes',
    { numNodes: 0, azMode: MemcachedAzMode.SINGLE_AZ },
    /numNodes must be an integer from 1 to 60, got 0/,
  ],
  [
    'memcached-cross-az-nodes',
    'fails when CROSS_AZ has one node',
    { numNodes: 1, azMode: MemcachedAzMode.CROSS_AZ },
    /azMode CROSS_AZ needs at least 2 nodes, got numNodes 1/,
  ],
  [
    'memcached-preferred-azs',
    'fails when the zone list does not have one entry per node',
    { preferredAvailabilityZones: ['a'] },
    /preferredAvailabilityZones must have exactly numNodes \(2\) entries, one per node, got 1/,
  ],
  [
    'memcached-preferred-azs',
    'fails when SINGLE_AZ lists two zones',
    { azMode: MemcachedAzMode.SINGLE_AZ, preferredAvailabilityZones: ['a', 'b'] },
    /lists a, b but azMode is SINGLE_AZ/,
  ],
  ['memcached-port-range', 'fails with a port below 1024', { port: 80 }, /port must be an integer from 1024 to 65535, got 80/],
  [
    'memcached-transit-encryption-engine',
    'fails when TLS is asked of Memcached 1.6.6',
    { engine: MemcachedEngine.MEMCACHED_1_6_6 },
    /transitEncryption needs Memcached 1.6.12\+, but engine is memcached 1.6.6/,
  ],
  [
    'memcached-network-type',
    'fails when IPv6 runs on Memcached 1.5',
    { networkType: NetworkType.IPV6, engine: MemcachedEngine.MEMCACHED_1_5_16, transitEncryption: false },
    /networkType 'ipv6' needs Memcached 1.6.6\+/,
  ],
  [
    'memcached-network-type',
    'fails when dual stack runs on a non-Nitro node type',
    { networkType: NetworkType.DUAL_STACK, cacheNodeType: 'cache.r4.large' },
    /needs a Nitro node type/,
  ],
  [
    'memcached-maintenance-window-format',
    'fails on a malformed maintenance window',
    { maintenanceWindow: 'sun 6-7' },
    /maintenanceWindow 'sun 6-7' is invalid/,
  ],
  [
    'memcached-removal-snapshot',
    'fails with RemovalPolicy.SNAPSHOT',
    { removalPolicy: RemovalPolicy.SNAPSHOT },
    /removalPolicy SNAPSHOT is not possible for Memcached/,
  ],
];

describe('MemcachedCluster validation', () => {
  test.each(FAILING_INPUTS)('[%s] %s', (rule, _name, props, message) => {
    const error = captureError(() => memcachedStack(props));
    expect(error).toBeInstanceOf(CacheValidationError);
    expect(error.ruleIds).toContain(rule);
    expect(error.message).toMatch(message);
  });

  test('[memcached-cross-az-subnets] fails when the subnets span one zone', () => {
    const stack = envStack(EU_WEST_1_ZONES);
    const vpc = isolatedVpc(stack);
    const error = captureError(() => new MemcachedCluster(stack, 'Memcached', { vpc, vpcSubnets: { subnets: [vpc.isolatedSubnets[0]] } }));
    expect(error.ruleIds).toEqual(['memcached-cross-az-subnets']);
    expect(error.message).toContain(`vpcSubnets selects only ${vpc.isolatedSubnets[0].availabilityZone}`);
  });

  test('[memcached-preferred-azs] fails when a preferred zone has no subnet', () => {
    const stack = envStack(EU_WEST_1_ZONES);
    const vpc = isolatedVpc(stack, 2);
    const zone = vpc.availabilityZones[0];
    const error = captureError(() => new MemcachedCluster(stack, 'Memcached', { vpc, preferredAvailabilityZones: [zone, 'eu-west-1z'] }));
    expect(error.message).toContain(`preferredAvailabilityZones eu-west-1z have no subnet in the subnet group, whose zones are ${zone}`);
  });

  test('8th-generation Graviton nodes run Memcached 1.6.6 and later', () => {
    expect(() =>
      memcachedStack({ cacheNodeType: 'cache.m8g.large', engine: MemcachedEngine.MEMCACHED_1_6_6, transitEncryption: false }),
    ).not.toThrow();
    expect(() => memcachedStack({ cacheNodeType: 'cache.c8gn.large' })).not.toThrow();
  });

  test('every error rule has a failing-input test', () => {
    // memcached-notification-topic-encrypted: notification-topic.test.ts (its topic needs a stack of its own).
    const tested = new Set([
      ...FAILING_INPUTS.map(([rule]) => rule),
      'memcached-cross-az-subnets',
      'memcached-notification-topic-encrypted',
    ]);
    expect(MEMCACHED_RULES.filter((r) => r.severity === 'error' && !tested.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  test('reports every broken prop at once', () => {
    expect(() => memcachedStack({ port: 1, numNodes: 99 })).toThrow(
      /MemcachedCluster TestStack\/Memcached: invalid props:\n {2}- \[memcached-num-nodes-range\] .*\n {2}- \[memcached-port-range\]/,
    );
  });

  test('without isolated subnets the default fails and names vpcSubnets (Memcached has no authentication)', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 1, maxAzs: 2 });
    expect(() => new MemcachedCluster(stack, 'Memcached', { vpc })).toThrow(/the VPC has no isolated subnets: pass vpcSubnets/);
  });

  test('skips unresolved tokens', () => {
    expect(() =>
      memcachedStack({
        numNodes: Token.asNumber({ Ref: 'Nodes' }),
        port: Token.asNumber({ Ref: 'Port' }),
        cacheNodeType: Token.asString({ Ref: 'Type' }),
      }),
    ).not.toThrow();
  });

  test('engine versions: unknown patch of a known series is rejected, a newer one warns', () => {
    expect(() => MemcachedEngine.of('1.6.99')).not.toThrow();
    expect(() => MemcachedEngine.of('1.6.13')).toThrow(
      "[memcached-version-offered] Memcached version '1.6.13' is not offered by ElastiCache: use one of 1.6.6, 1.6.12, 1.6.17, 1.6.22",
    );
    expect(() => MemcachedEngine.of('1.6')).toThrow(
      "[memcached-version-format] Memcached version '1.6' is not valid: expected 'major.minor.patch'",
    );
    const { stack } = memcachedStack({ engine: MemcachedEngine.of('1.7.1') });
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Memcached',
      Match.stringLikeRegexp("memcached 1.7.1 is newer .* family is 'memcached1.7'"),
    );
  });
});

describe('MemcachedCluster updates the reviewer knows', () => {
  test('a node type change of a Memcached cluster fails the deploy (CloudFormation cannot change it)', () => {
    const resource = (type: string) => ({ Type: CLUSTER, Properties: { Engine: 'memcached', CacheNodeType: type } });
    const verdict = ruleFor(CLUSTER, 'CacheNodeType')!.decide({
      oldValue: 'cache.r7g.large',
      newValue: 'cache.r7g.xlarge',
      oldResource: resource('cache.r7g.large'),
      newResource: resource('cache.r7g.xlarge'),
    });
    expect(verdict.behaviour).toBe('rejected');
  });
});

describe('MemcachedCluster.fromMemcachedClusterAttributes', () => {
  test('exposes the supplied attributes, the ARN and connections', () => {
    const stack = newStack();
    const vpc = isolatedVpc(stack);
    const sg = new ec2.SecurityGroup(stack, 'CacheSg', { vpc });
    const client = new ec2.SecurityGroup(stack, 'ClientSg', { vpc });
    const cluster = MemcachedCluster.fromMemcachedClusterAttributes(stack, 'Imported', {
      clusterName: 'sessions',
      port: 11300,
      securityGroups: [sg],
      configurationEndpointAddress: 'sessions.abc.cfg.use1.cache.amazonaws.com',
      engine: MemcachedEngine.MEMCACHED_1_6_22,
    });
    cluster.connections.allowDefaultPortFrom(client);
    expect(cluster.configurationEndpoint.socketAddress).toBe('sessions.abc.cfg.use1.cache.amazonaws.com:11300');
    expect(cluster.engine?.version).toBe('1.6.22');
    expect(stack.resolve(cluster.clusterArn)).toEqual({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':cluster:sessions'],
      ],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 11300, ToPort: 11300 });
  });

  test('throws a clear error for attributes that were not supplied', () => {
    const cluster = MemcachedCluster.fromMemcachedClusterAttributes(newStack(), 'Imported', { clusterName: 'sessions' });
    expect(() => cluster.port).toThrow(
      "imported Memcached cluster 'sessions': missing attribute:\n  - [imported-port] it has no port: pass it to MemcachedCluster.fromMemcachedClusterAttributes()",
    );
    expect(() => cluster.configurationEndpoint).toThrow(/has no configurationEndpointAddress/);
  });
});

describe('the removal policy the template carries is checked at synth, however it was set', () => {
  test('[memcached-removal-snapshot] applyRemovalPolicy(SNAPSHOT) after construction fails the synth', () => {
    // The prop check cannot see it: before, the template said DeletionPolicy Snapshot, and CloudFormation would fail
    // to delete the cluster.
    const stack = newStack();
    const memcached = new MemcachedCluster(stack, 'Memcached', { vpc: isolatedVpc(stack) });
    memcached.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
    expect(() => Template.fromStack(stack)).toThrow(
      /\[memcached-removal-snapshot\] DeletionPolicy and UpdateReplacePolicy Snapshot .* not possible for Memcached, which has no snapshots/,
    );
  });

  test('an escape hatch on the L1 is caught too; RETAIN and DESTROY pass', () => {
    const stack = newStack();
    const memcached = new MemcachedCluster(stack, 'Memcached', { vpc: isolatedVpc(stack) });
    memcached.cfnCacheCluster.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.SNAPSHOT;
    expect(() => Template.fromStack(stack)).toThrow(/\[memcached-removal-snapshot\] UpdateReplacePolicy Snapshot/);
    for (const policy of [RemovalPolicy.RETAIN, RemovalPolicy.DESTROY]) {
      const other = newStack();
      new MemcachedCluster(other, 'Memcached', { vpc: isolatedVpc(other) }).applyRemovalPolicy(policy);
      expect(() => Template.fromStack(other)).not.toThrow();
    }
  });
});
