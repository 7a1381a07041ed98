/**
 * The deploy rules (rules.ts, retained-names.ts, api-reachability.ts, shape-rules.ts) over the synthesized templates
 * of the sample and of every integ app, each built under every removal policy its shapes accept (DESTROY, SNAPSHOT,
 * RETAIN), and a control case per rule that shows it fails: most on the sample as it was before the Deploy-safety work
 * (fixtures/sample-wave1.template.json), the rest on a template broken on purpose. Failures known today are listed in
 * expected-failures.ts with the issue that fixes them; the test fails when one of them no longer occurs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, RemovalPolicy, Stack, aws_backup as backup, aws_kms as kms } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CacheAuthentication, CacheUser, ReplicationGroup } from '../../lib';
import { SAMPLE_STACK_ID, buildSampleApp } from '../../bin/sample-app-factory';
import { isolatedVpc } from '../helpers/stacks';
import { vpcFunctionsReachTheirApis } from './api-reachability';
import { AppUnderTest, appsUnderTest } from './apps';
import { EXPECTED_FAILURES, ExpectedFailure } from './expected-failures';
import { KEPT_NAMES_RULE, keptNamesVaryPerDeployment } from './retained-names';
import {
  alarmTopicsAcceptCloudWatch,
  elastiCacheNotificationTopicsAccept,
  functionUrlCallersGetBothActions,
  logGroupKeysAllowCloudWatchLogs,
  logTypesHaveTheirOwnDestination,
  namesUniquePerAccount,
  noReservedConcurrency,
  vpcFunctionsWaitForTheirEniPolicy,
} from './rules';
import { globalSecondariesLeaveInheritedPropertiesOut, memcachedClustersTakeNoSnapshot } from './shape-rules';
import { CfnResource, CfnTemplate, resourcesOfType } from './template-model';

type TemplateRule = (template: CfnTemplate) => string[];

const TEMPLATE_RULES: Record<string, TemplateRule> = {
  'a global datastore secondary leaves out what it inherits from the primary': globalSecondariesLeaveInheritedPropertiesOut,
  'no Memcached cluster asks for a snapshot': memcachedClustersTakeNoSnapshot,
  'every VPC Lambda depends on every policy granting its ENI actions': vpcFunctionsWaitForTheirEniPolicy,
  [KEPT_NAMES_RULE]: keptNamesVaryPerDeployment,
  'every CMK of a log group allows CloudWatch Logs with the encryption-context condition': logGroupKeysAllowCloudWatchLogs,
  'every VPC Lambda reaches the AWS APIs it calls, by an endpoint or a NAT': vpcFunctionsReachTheirApis,
  'no Lambda reserves concurrency by default': noReservedConcurrency,
  'Function URL callers are granted lambda:InvokeFunctionUrl and lambda:InvokeFunction': functionUrlCallersGetBothActions,
  'every SNS topic an alarm notifies lets CloudWatch publish (topic policy) and encrypt (key policy)': alarmTopicsAcceptCloudWatch,
  'ElastiCache event notification topics are unencrypted and allow publishing under aws:SourceOwner': elastiCacheNotificationTopicsAccept,
  'each log type of a replication group has its own destination': logTypesHaveTheirOwnDestination,
};

/** Names the user chooses on purpose: an IAM-authenticated user's id must equal its user name. */
const userChosenName = (resource: CfnResource, property: string): boolean =>
  resource.Type === 'AWS::ElastiCache::User' &&
  (resource.Properties?.AuthenticationMode as { Type?: string } | undefined)?.Type === 'iam' &&
  ['UserId', 'UserName'].includes(property);

const APPS = appsUnderTest();
/** Each app under each removal policy, built twice: as itself, and as a second stack in the same account and region. */
const BUILDS = APPS.flatMap((app) =>
  app.removalPolicies.map((removalPolicy) => ({
    app,
    removalPolicy,
    first: app.build(app.stackName, removalPolicy),
    second: app.build(`${app.stackName}Copy`, removalPolicy),
  })),
);
type Build = (typeof BUILDS)[number];
const TEMPLATES: [string, Build, CfnTemplate][] = BUILDS.flatMap((build) =>
  [...build.first].map(([stack, template]): [string, Build, CfnTemplate] => [
    `${build.app.name} ${build.removalPolicy} ${stack}`,
    build,
    template,
  ]),
);

/** The known failures of `rule` on `build`'s templates. */
const expectedFailures = (rule: string, { app, removalPolicy }: Build): ExpectedFailure[] =>
  EXPECTED_FAILURES.filter((f) => f.rule === rule && f.app === app.name && f.removalPolicy === removalPolicy);
/** The violations of rule `name` on `template` (of `build`) that expected-failures.ts does not list. */
const unexpectedViolations = (name: string, build: Build, template: CfnTemplate): string[] => {
  const known = expectedFailures(name, build);
  return TEMPLATE_RULES[name](template).filter((violation) => !known.some((f) => f.violation.test(violation)));
};

const wave1 = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'sample-wave1.template.json'), 'utf8')) as CfnTemplate;
const buildOf = (name: string, removalPolicy = RemovalPolicy.DESTROY): Build =>
  BUILDS.find((b) => b.app.name === name && b.removalPolicy === removalPolicy)!;
const mainTemplate = (name: string, removalPolicy = RemovalPolicy.DESTROY): CfnTemplate => {
  const { app, first } = buildOf(name, removalPolicy);
  return structuredClone(first.get(app.stackName)!);
};
const idOf = (template: CfnTemplate, prefix: string): string => Object.keys(template.Resources).find((id) => id.startsWith(prefix))!;
/** The resource whose logical id starts with `prefix`, typed as the part a control case edits. */
const resourceOf = <T>(template: CfnTemplate, prefix: string): T => template.Resources[idOf(template, prefix)] as unknown as T;

describe('deploy rules hold for every synthesized template', () => {
  test('the rules see the sample and every integ app, including the NAT one', () => {
    expect(APPS.map((a: AppUnderTest) => a.name)).toEqual(
      expect.arrayContaining([
        'sample',
        'integ.iam.ts',
        'integ.observability.ts',
        'integ.rbac.ts',
        'integ.token-rotation.ts',
        'integ.token-rotation-nat.ts',
        'integ.replication-group.ts',
        'integ.cluster-mode.ts',
        'integ.memcached.ts',
        'integ.serverless.ts',
        'integ.global-datastore.ts',
      ]),
    );
  });

  test('every app is built under DESTROY and RETAIN, and under SNAPSHOT unless its shape has no snapshots', () => {
    const matrix = Object.fromEntries(APPS.map((app) => [app.name, app.removalPolicies]));
    for (const [name, policies] of Object.entries(matrix)) {
      expect(policies).toEqual(expect.arrayContaining([RemovalPolicy.DESTROY, RemovalPolicy.RETAIN]));
      if (name !== 'integ.memcached.ts') expect(policies).toContain(RemovalPolicy.SNAPSHOT);
    }
  });

  test('the sample takes its cache removal policy from context (-c removalPolicy=...), and names the values it accepts', () => {
    const cache = (removalPolicy: RemovalPolicy) =>
      resourcesOfType(buildOf('sample', removalPolicy).first.get(SAMPLE_STACK_ID)!, 'AWS::ElastiCache::ReplicationGroup')[0][1];
    expect([RemovalPolicy.DESTROY, RemovalPolicy.SNAPSHOT, RemovalPolicy.RETAIN].map((p) => cache(p).DeletionPolicy)).toEqual([
      'Delete',
      'Snapshot',
      'Retain',
    ]);
    expect(() => buildSampleApp({ removalPolicy: 'keep' }, { compliancePacks: false })).toThrow(
      `context removalPolicy must be one of destroy, snapshot, retain (e.g. -c removalPolicy=destroy), got '"keep"'`,
    );
  });

  describe.each(Object.keys(TEMPLATE_RULES))('%s', (name) => {
    test.each(TEMPLATES)('%s', (_label, build, template) => {
      expect(unexpectedViolations(name, build, template)).toEqual([]);
    });
  });

  describe('no physical name is unique only within a stack (two copies in one account and region)', () => {
    test.each(BUILDS.map((b) => [`${b.app.name} ${b.removalPolicy}`, b] as const))('%s', (_name, { app, first, second }) => {
      const violations = namesUniquePerAccount(first.get(app.stackName)!, second.get(`${app.stackName}Copy`)!, userChosenName);
      expect(violations).toEqual([]);
    });
  });
});

describe('known failures (expected-failures.ts) still occur: when one is fixed, remove its entry', () => {
  // A placeholder row keeps test.each valid while the list is empty.
  const rows = EXPECTED_FAILURES.map((f) => [`${f.app} ${f.removalPolicy}: ${f.what} (${f.fixedBy})`, f] as const);
  test.each(rows.length > 0 ? rows : [['(none listed)', undefined] as const])('%s', (_name, failure) => {
    if (!failure) return;
    const build = buildOf(failure.app, failure.removalPolicy);
    const violations = [...build.first.values()].flatMap((template) => TEMPLATE_RULES[failure.rule](template));
    expect(violations.filter((v) => failure.violation.test(v))).toHaveLength(1);
  });
});

describe('control cases: each rule fails on the template it exists for', () => {
  test('kept names: a known failure hides no other violation of its app (a second fixed user id under RETAIN)', () => {
    const build = buildOf('integ.serverless.ts', RemovalPolicy.RETAIN);
    const template = mainTemplate('integ.serverless.ts', RemovalPolicy.RETAIN);
    const [[, appUser]] = resourcesOfType(template, 'AWS::ElastiCache::User');
    template.Resources.ExtraUser = structuredClone({
      ...appUser,
      Properties: { ...appUser.Properties, UserId: 'extra' },
    });
    expect(unexpectedViolations(KEPT_NAMES_RULE, build, template)).toEqual([
      'ExtraUser (AWS::ElastiCache::User, DeletionPolicy Retain) keeps UserId = "extra", which the next deployment asks for again',
    ]);
  });

  test('kept names: the same app under DESTROY keeps nothing', () => {
    const template = mainTemplate('integ.serverless.ts', RemovalPolicy.DESTROY);
    expect(keptNamesVaryPerDeployment(template)).toEqual([]);
  });

  test('ENI race: the wave-1 sample created both VPC functions before their ENI policy', () => {
    expect(vpcFunctionsWaitForTheirEniPolicy(wave1).sort()).toEqual([
      expect.stringMatching(/^ApiFunction\w+: a VPC function that does not depend on ApiFunctionPolicy/),
      expect.stringMatching(
        /^CacheAuthTokenRotationFunction\w+: a VPC function that does not depend on CacheAuthTokenRotationFunctionPolicy/,
      ),
    ]);
  });

  test('ENI race: removing the dependency from the current sample fails the rule', () => {
    const template = mainTemplate('sample');
    const fn = resourceOf<{ DependsOn: string[] }>(template, 'ApiFunction6');
    fn.DependsOn = fn.DependsOn.filter((id) => !id.startsWith('ApiFunctionPolicy'));
    expect(vpcFunctionsWaitForTheirEniPolicy(template)).toEqual([expect.stringMatching(/does not depend on ApiFunctionPolicy/)]);
  });

  test('redeploy after destroy: the wave-1 sample retained a backup vault under a fixed name', () => {
    expect(keptNamesVaryPerDeployment(wave1)).toEqual([
      expect.stringMatching(/^ApiBackupVault\w+ \(AWS::Backup::BackupVault, DeletionPolicy Retain\) keeps BackupVaultName = "/),
    ]);
  });

  test('account-wide names: a backup plan named by its construct id (the wave-1 default) collides between two stacks', () => {
    const planTemplate = (stackName: string) => {
      const stack = new Stack(new App(), stackName);
      const plan = new backup.BackupPlan(stack, 'BackupPlan', { backupPlanRules: [backup.BackupPlanRule.daily()] });
      plan.addSelection('All', { resources: [backup.BackupResource.fromTag('backup', 'yes')] });
      // wave-1 CacheUser default: userId = userName.
      new CacheUser(stack, 'App', { userName: 'app', userId: 'app' });
      return Template.fromStack(stack).toJSON() as CfnTemplate;
    };
    expect(namesUniquePerAccount(planTemplate('One'), planTemplate('Two'), userChosenName)).toEqual([
      expect.stringMatching(/asks for BackupPlan.BackupPlanName = "BackupPlan" in both stacks/),
      expect.stringMatching(/asks for UserId = "app" in both stacks/),
    ]);
  });

  test('log group keys: the wave-1 sample let CloudWatch Logs use its keys without the encryption-context condition', () => {
    expect(logGroupKeysAllowCloudWatchLogs(wave1).sort()).toEqual([
      expect.stringMatching(/^ApiFunctionLogs\w+: key CacheKey\w+ does not allow/),
      expect.stringMatching(/^CacheAuthTokenRotationFunctionLogs\w+: key CacheKey\w+ does not allow/),
      expect.stringMatching(/^FlowLogs\w+: key FlowLogKey\w+ does not allow/),
    ]);
  });

  test('log group keys: an imported key is reported, and the construct warns with the statement to add', () => {
    const stack = new Stack(new App(), 'Imported');
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-0000-0000-000000000000');
    new ReplicationGroup(stack, 'Cache', {
      vpc: isolatedVpc(stack),
      encryptionKey: key,
      authentication: CacheAuthentication.authToken({ rotation: {} }),
    });
    const template = Template.fromStack(stack);
    expect(logGroupKeysAllowCloudWatchLogs(template.toJSON() as CfnTemplate)).toEqual([
      expect.stringMatching(/a key whose policy is not in this template/),
    ]);
    Annotations.fromStack(stack).hasWarning(
      '*',
      Match.stringLikeRegexp('is imported.*kms:EncryptionContext:aws:logs:arn.*ack: Annotation::cdk-elasticache:imported-key-log-group'),
    );
  });

  test('API path: the rotation Lambda behind a NAT with egress only to the VPC CIDR (the wave-1 rule) cannot reach its APIs', () => {
    const template = mainTemplate('integ.token-rotation-nat.ts');
    type Group = { Properties: { SecurityGroupEgress: Record<string, unknown>[] } };
    const sg = resourceOf<Group>(template, 'CacheAuthTokenRotationSecurityGroup');
    const vpcId = idOf(template, 'Vpc8');
    sg.Properties.SecurityGroupEgress = sg.Properties.SecurityGroupEgress.map((rule) => ({
      ...rule,
      CidrIp: { 'Fn::GetAtt': [vpcId, 'CidrBlock'] },
    }));
    expect(vpcFunctionsReachTheirApis(template).sort()).toEqual([
      expect.stringMatching(/^CacheAuthTokenRotationFunction\w+ calls elasticache but cannot reach it/),
      expect.stringMatching(/^CacheAuthTokenRotationFunction\w+ calls secretsmanager but cannot reach it/),
    ]);
  });

  test('API path: without its Secrets Manager endpoint, the isolated sample API cannot read the token', () => {
    const template = mainTemplate('sample');
    delete template.Resources[idOf(template, 'VpcSecretsManagerEndpoint9')];
    expect(vpcFunctionsReachTheirApis(template)).toEqual([
      expect.stringMatching(/^CacheAuthTokenRotationFunction\w+ calls secretsmanager/),
      expect.stringMatching(/^ApiFunction\w+ calls secretsmanager/),
    ]);
  });

  test('reserved concurrency: the wave-1 sample reserved 2 + 10; the sample reserves only when asked (context)', () => {
    expect(noReservedConcurrency(wave1).sort()).toEqual([
      expect.stringMatching(/^ApiFunction\w+ reserves 10/),
      expect.stringMatching(/^CacheAuthTokenRotationFunction\w+ reserves 2/),
    ]);
    const asked = buildSampleApp({ reservedConcurrency: '10' }, { compliancePacks: false }).synth().getStackByName(SAMPLE_STACK_ID)
      .template as CfnTemplate;
    expect(noReservedConcurrency(asked)).toEqual([expect.stringMatching(/^ApiFunction\w+ reserves 10/)]);
    expect(() => buildSampleApp({ reservedConcurrency: 'ten' }, { compliancePacks: false })).toThrow(
      `context reservedConcurrency must be a whole number >= 1 (e.g. -c reservedConcurrency=10), got '"ten"'`,
    );
  });

  test('Function URL: a caller policy with lambda:InvokeFunctionUrl alone fails the rule', () => {
    const template = mainTemplate('sample');
    type Policy = { Properties: { PolicyDocument: { Statement: { Action: string }[] } } };
    const policy = resourceOf<Policy>(template, 'ApiInvokePolicy');
    policy.Properties.PolicyDocument.Statement = policy.Properties.PolicyDocument.Statement.filter(
      (s) => s.Action !== 'lambda:InvokeFunction',
    );
    expect(functionUrlCallersGetBothActions(template)).toEqual([
      expect.stringMatching(/^ApiInvokePolicy\w+ grants lambda:InvokeFunctionUrl on ApiFunction\w+ without lambda:InvokeFunction/),
    ]);
  });
});

describe('the sample for a least-privilege caller and for AWS Backup', () => {
  const template = Template.fromJSON(mainTemplate('sample'));

  test('outputs a customer-managed policy with both Function URL actions, scoped to the URL', () => {
    template.hasOutput('*', { Value: { Ref: Match.stringLikeRegexp('^ApiInvokePolicy') } });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'lambda:InvokeFunctionUrl',
            Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
          }),
          Match.objectLike({ Action: 'lambda:InvokeFunction', Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } } }),
        ],
      },
    });
  });

  test('the AWS Backup role may use the key of the table and the vault (the wave-1 role could not)', () => {
    const keyArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheKey'), 'Arn'] };
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^ApiBackupRole') }],
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'], Resource: keyArn }),
          Match.objectLike({ Action: 'kms:CreateGrant', Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } }),
        ],
      },
    });
    const wave1Policies = Object.values(wave1.Resources).filter((r) => r.Type === 'AWS::IAM::ManagedPolicy');
    expect(JSON.stringify(wave1Policies)).not.toContain('ApiBackupRole');
  });
});

describe('control cases: the observability rules fail on the template they exist for', () => {
  type Statement = { Principal?: unknown; Action?: unknown; Condition?: unknown };
  type WithStatements = { Properties: Record<string, { Statement: Statement[] }> };
  /** Drops the statements of a policy document property that `drop` matches. */
  const dropStatements = (resource: WithStatements, property: string, drop: (s: Statement) => boolean) => {
    resource.Properties[property].Statement = resource.Properties[property].Statement.filter((s) => !drop(s));
  };
  const mentions = (text: string) => (s: Statement) => JSON.stringify(s).includes(text);

  test('alarm topic: without the cloudwatch.amazonaws.com key statement, alarms cannot publish to the encrypted topic', () => {
    const template = mainTemplate('sample');
    expect(alarmTopicsAcceptCloudWatch(template)).toEqual([]);
    const key = resourceOf<WithStatements>(template, 'CacheRecommendedAlarmsTopicKey');
    dropStatements(key, 'KeyPolicy', mentions('cloudwatch.amazonaws.com'));
    expect(alarmTopicsAcceptCloudWatch(template)).toEqual([
      expect.stringMatching(/^CacheRecommendedAlarmsTopic\w+: alarms notify it, but its key .* does not let cloudwatch\.amazonaws\.com/),
    ]);
  });

  test('alarm topic: a topic policy without a CloudWatch allow (e.g. only enforceSSL) blocks the alarms', () => {
    const template = mainTemplate('sample');
    dropStatements(resourceOf<WithStatements>(template, 'CacheRecommendedAlarmsTopicPolicy'), 'PolicyDocument', mentions('cloudwatch'));
    expect(alarmTopicsAcceptCloudWatch(template)).toEqual([
      expect.stringMatching(/topic policy does not allow cloudwatch.amazonaws.com to sns:Publish/),
    ]);
  });

  test('notification topic: an encrypted topic, or a policy without aws:SourceOwner, stops ElastiCache events', () => {
    const template = mainTemplate('integ.observability.ts');
    expect(elastiCacheNotificationTopicsAccept(template)).toEqual([]);
    const isEventTopic = (id: string) => id.startsWith('CacheEvents') && template.Resources[id].Type === 'AWS::SNS::Topic';
    const topic = template.Resources[Object.keys(template.Resources).find(isEventTopic)!] as { Properties?: Record<string, unknown> };
    topic.Properties = { ...topic.Properties, KmsMasterKeyId: 'alias/aws/sns' };
    dropStatements(resourceOf<WithStatements>(template, 'CacheEventsPolicy'), 'PolicyDocument', mentions('SourceOwner'));
    expect(elastiCacheNotificationTopicsAccept(template).sort()).toEqual([
      expect.stringMatching(/^Cache\w+ sends event notifications to CacheEvents\w+, which is encrypted/),
      expect.stringMatching(/^Cache\w+ sends event notifications to CacheEvents\w+, whose topic policy has no sns:Publish allowed/),
    ]);
  });

  test('log delivery: the slow log and the engine log in one log group fail the rule', () => {
    const template = mainTemplate('integ.observability.ts');
    expect(logTypesHaveTheirOwnDestination(template)).toEqual([]);
    type Group = { Properties: { LogDeliveryConfigurations: { DestinationDetails: unknown }[] } };
    const [slow, engine] = resourceOf<Group>(template, 'Cache18F6EE16').Properties.LogDeliveryConfigurations;
    engine.DestinationDetails = slow.DestinationDetails;
    expect(logTypesHaveTheirOwnDestination(template)).toEqual([
      expect.stringMatching(/^Cache18F6EE16 delivers slow-log and engine-log to the same destination/),
    ]);
  });

  test('account-wide names: an alarm or a dashboard named by its construct id collides between two stacks', () => {
    const namedTemplate = (stackName: string) => {
      const stack = new Stack(new App(), stackName);
      const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Cache', { replicationGroupId: 'orders', replicasPerShard: 1 });
      cache.addDashboard('Dashboard', { dashboardName: 'orders-cache' });
      const [cpu] = cache.metricPerNode('EngineCPUUtilization');
      cpu.createAlarm(stack, 'Cpu', { alarmName: 'orders-cpu', threshold: 90, evaluationPeriods: 5 });
      return Template.fromStack(stack).toJSON() as CfnTemplate;
    };
    expect(namesUniquePerAccount(namedTemplate('One'), namedTemplate('Two'), userChosenName).sort()).toEqual([
      expect.stringMatching(/^CacheDashboard\w+ \(AWS::CloudWatch::Dashboard\) asks for DashboardName = "orders-cache" in both stacks/),
      expect.stringMatching(/^Cpu\w+ \(AWS::CloudWatch::Alarm\) asks for AlarmName = "orders-cpu" in both stacks/),
    ]);
  });
});

describe('control cases: the shape rules fail on the template they exist for', () => {
  test('global secondary: a secondary that repeats the engine and node type fails (InvalidParameterCombination)', () => {
    const { app, first } = buildOf('integ.global-datastore.ts');
    const template = structuredClone(first.get(`${app.stackName}Secondary`)!);
    expect(globalSecondariesLeaveInheritedPropertiesOut(template)).toEqual([]);
    const [[, secondary]] = resourcesOfType(template, 'AWS::ElastiCache::ReplicationGroup');
    Object.assign(secondary.Properties!, { Engine: 'valkey', CacheNodeType: 'cache.r7g.large' });
    expect(globalSecondariesLeaveInheritedPropertiesOut(template)).toEqual([
      expect.stringMatching(/^Cache\w+ joins a global datastore but sets Engine/),
      expect.stringMatching(/^Cache\w+ joins a global datastore but sets CacheNodeType/),
    ]);
  });

  test('Memcached: a Snapshot DeletionPolicy (which CDK allows for CacheCluster) fails the rule', () => {
    const template = mainTemplate('integ.memcached.ts');
    expect(memcachedClustersTakeNoSnapshot(template)).toEqual([]);
    const [[, cluster]] = resourcesOfType(template, 'AWS::ElastiCache::CacheCluster');
    (cluster as { DeletionPolicy?: string }).DeletionPolicy = 'Snapshot';
    expect(memcachedClustersTakeNoSnapshot(template)).toEqual([
      expect.stringMatching(/^Memcached\w+ is a Memcached cluster with DeletionPolicy Snapshot/),
    ]);
  });
});
