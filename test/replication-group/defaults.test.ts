import { Match, Template } from 'aws-cdk-lib/assertions';
import { Duration, RemovalPolicy, aws_ec2 as ec2, aws_kms as kms, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { CfnSubnetGroup } from 'aws-cdk-lib/aws-elasticache';
import { AuthenticationMode, CacheAuthentication, ReplicationGroupEngine, ClusterMode, ReplicationGroup } from '../../lib';
import { cacheStack, isolatedVpc, newStack, onlyResource } from '../helpers/stacks';

const RG = 'AWS::ElastiCache::ReplicationGroup';

describe('ReplicationGroup defaults', () => {
  const { template: build, cache, stack } = cacheStack();
  const template = build();
  const rg = onlyResource(template, RG);

  test('is Multi-AZ Valkey 9.0 with one primary and two replicas and automatic failover', () => {
    expect(rg.Properties).toMatchObject({
      Engine: 'valkey',
      EngineVersion: '9.0',
      CacheNodeType: 'cache.r7g.large',
      NumCacheClusters: 3,
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
    });
    expect(rg.Properties.NumNodeGroups).toBeUndefined();
    expect(cache.clusterMode).toBe(ClusterMode.DISABLED);
  });

  test('requires TLS and encrypts at rest with a new rotating customer-managed key', () => {
    expect(rg.Properties).toMatchObject({
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      AtRestEncryptionEnabled: true,
      KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(cache.encryptionKey.node.defaultChild as kms.CfnKey), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('references a generated alphanumeric AUTH token only through a Secrets Manager dynamic reference', () => {
    const secretId = stack.getLogicalId(cache.authTokenSecret!.node.defaultChild as secretsmanager.CfnSecret);
    expect(rg.Properties.AuthToken).toEqual({
      'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']],
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
      KmsKeyId: Match.anyValue(),
    });
    expect(cache.authenticationMode).toBe(AuthenticationMode.AUTH_TOKEN);
  });

  test('places the cache in a subnet group over the private subnets and its own security group', () => {
    const subnetGroup = onlyResource(template, 'AWS::ElastiCache::SubnetGroup');
    // An env-agnostic stack sees two (placeholder) AZs, so the isolated VPC has two subnets.
    expect((subnetGroup.Properties.SubnetIds as unknown[]).length).toBe(2);
    expect(subnetGroup.Properties.CacheSubnetGroupName).toBeUndefined();
    expect(rg.Properties.CacheSubnetGroupName).toEqual({ Ref: Object.keys(template.findResources('AWS::ElastiCache::SubnetGroup'))[0] });
    const sgId = stack.getLogicalId(cache.connections.securityGroups[0].node.defaultChild as ec2.CfnSecurityGroup);
    expect(rg.Properties.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [sgId, 'GroupId'] }]);
    expect(rg.Properties.Port).toBe(6380);
  });

  test('creates a security group with no ingress and closed egress', () => {
    const sg = onlyResource(template, 'AWS::EC2::SecurityGroup');
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' }),
    ]);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('keeps 15 days of backups in a window that does not overlap maintenance, with minor upgrades', () => {
    expect(rg.Properties).toMatchObject({
      SnapshotRetentionLimit: 15,
      SnapshotWindow: '03:00-05:00',
      PreferredMaintenanceWindow: 'sun:06:00-sun:07:00',
      AutoMinorVersionUpgrade: true,
    });
  });

  test('takes a snapshot on delete and on replacement', () => {
    expect(rg.DeletionPolicy).toBe('Snapshot');
    expect(rg.UpdateReplacePolicy).toBe('Snapshot');
  });

  test('uses an unnamed parameter group of the engine family with cluster-enabled no', () => {
    const pg = onlyResource(template, 'AWS::ElastiCache::ParameterGroup');
    expect(pg.Properties).toMatchObject({ CacheParameterGroupFamily: 'valkey9', Properties: { 'cluster-enabled': 'no' } });
    expect(pg.Properties.CacheParameterGroupName).toBeUndefined();
    expect(rg.Properties.CacheParameterGroupName).toEqual({
      Ref: Object.keys(template.findResources('AWS::ElastiCache::ParameterGroup'))[0],
    });
  });

  test('exposes primary and reader endpoints and the port', () => {
    expect(stack.resolve(cache.primaryEndpoint.address)).toEqual({ 'Fn::GetAtt': [expect.any(String), 'PrimaryEndPoint.Address'] });
    expect(stack.resolve(cache.readerEndpoint.address)).toEqual({ 'Fn::GetAtt': [expect.any(String), 'ReaderEndPoint.Address'] });
    expect(cache.primaryEndpoint.port).toBe(6380);
    expect(() => cache.configurationEndpoint).toThrow(/configurationEndpoint exists only with cluster mode enabled.*use primaryEndpoint/);
  });

  test('exposes the id, the ARN and aws-cdk-lib IReplicationGroupRef', () => {
    const logicalId = stack.getLogicalId(cache.cfnReplicationGroup);
    expect(stack.resolve(cache.replicationGroupId)).toEqual({ Ref: logicalId });
    expect(stack.resolve(cache.replicationGroupRef)).toEqual({ replicationGroupId: { Ref: logicalId } });
    expect(stack.resolve(cache.replicationGroupArn)).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':elasticache:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':replicationgroup:',
          { Ref: logicalId },
        ],
      ],
    });
  });

  test('connections opens only the cache port from a peer', () => {
    const other = cacheStack();
    const peer = new ec2.SecurityGroup(other.stack, 'Client', { vpc: other.vpc });
    other.cache.connections.allowDefaultPortFrom(peer);
    other.template().hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 6380,
      ToPort: 6380,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Client'), 'GroupId'] },
    });
  });
});

describe('ReplicationGroup overrides', () => {
  test('uses a given key, secret, security group, subnet group, engine and removal policy', () => {
    const stack = newStack();
    const vpc = isolatedVpc(stack);
    const key = new kms.Key(stack, 'MyKey');
    const secret = new secretsmanager.Secret(stack, 'MyToken');
    const sg = new ec2.SecurityGroup(stack, 'MySg', { vpc });
    const subnetGroup = new CfnSubnetGroup(stack, 'MySubnets', {
      description: 'mine',
      subnetIds: vpc.isolatedSubnets.map((s) => s.subnetId),
    });
    const cache = new ReplicationGroup(stack, 'Cache', {
      vpc,
      encryptionKey: key,
      authentication: CacheAuthentication.authToken({ secret }),
      securityGroups: [sg],
      subnetGroup,
      engine: ReplicationGroupEngine.REDIS_7_1,
      removalPolicy: RemovalPolicy.DESTROY,
      backup: { retention: Duration.days(20) },
      parameters: { 'maxmemory-policy': 'allkeys-lru' },
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.resourceCountIs('AWS::ElastiCache::SubnetGroup', 1);
    template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    const rg = onlyResource(template, RG);
    expect(rg.Properties).toMatchObject({
      Engine: 'redis',
      EngineVersion: '7.1',
      KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
      CacheSubnetGroupName: { Ref: stack.getLogicalId(subnetGroup) },
      SecurityGroupIds: [{ 'Fn::GetAtt': [stack.getLogicalId(sg.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] }],
      SnapshotRetentionLimit: 20,
    });
    expect(rg.DeletionPolicy).toBe('Delete');
    expect(cache.authTokenSecret).toBe(secret);
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'redis7',
      Properties: { 'maxmemory-policy': 'allkeys-lru', 'cluster-enabled': 'no' },
    });
  });

  test('chooses private subnets with egress over isolated ones by default', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    new ReplicationGroup(stack, 'Cache', { vpc });
    const subnetGroup = onlyResource(Template.fromStack(stack), 'AWS::ElastiCache::SubnetGroup');
    expect(stack.resolve(subnetGroup.Properties.SubnetIds)).toEqual(vpc.privateSubnets.map((s) => stack.resolve(s.subnetId)));
  });

  test('fails for a VPC with only public subnets unless vpcSubnets is given', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }] });
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc })).toThrow(/no private or isolated subnets: pass vpcSubnets/);
  });

  test('a major engine upgrade changes only the family of the same unnamed parameter group', () => {
    const family = (engine: ReplicationGroupEngine) => {
      const { template } = cacheStack({ engine });
      const [id, pg] = Object.entries(template().findResources('AWS::ElastiCache::ParameterGroup'))[0];
      return { id, family: pg.Properties.CacheParameterGroupFamily, name: pg.Properties.CacheParameterGroupName };
    };
    const before = family(ReplicationGroupEngine.VALKEY_8_2);
    const after = family(ReplicationGroupEngine.VALKEY_9_0);
    // Same logical id, new family (create-only) -> CloudFormation creates a new group under a new generated name,
    // switches the cache to it, then deletes the old one: no "parameter group in use" failure.
    expect(after.id).toBe(before.id);
    expect([before.family, after.family]).toEqual(['valkey8', 'valkey9']);
    expect(before.name).toBeUndefined();
  });
});
