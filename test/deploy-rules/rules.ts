/**
 * Deploy rules: classes of `cdk deploy` failure that synth and schema validation cannot see, each checked over a
 * synthesized template. A rule returns one message per violation (empty when the template passes).
 * DESIGN.md "Deploy-time facts that bite" lists the facts; each rule names its source.
 */
import { physicalNames } from './physical-names';
import {
  CfnResource,
  CfnTemplate,
  PolicyStatementJson,
  actionMatches,
  allowedActions,
  dependencyClosure,
  functionRoleId,
  referencedIds,
  resourcesOfType,
  rolePolicies,
  statementsOf,
  targetOf,
} from './template-model';

const ENI_ACTION = 'ec2:CreateNetworkInterface';
/** AWS managed policies that grant the ENI actions (attached to the role itself, so the role's readiness covers them). */
const AWS_MANAGED_ENI_POLICIES = /AWSLambdaVPCAccessExecutionRole|AWSLambdaENIManagementAccess/;

const isVpcFunction = (fn: CfnResource): boolean => fn.Properties?.VpcConfig !== undefined;
const grants = (statements: PolicyStatementJson[], action: string): boolean =>
  statements.some((statement) => allowedActions(statement).some((pattern) => actionMatches(pattern, action)));

/**
 * Every Lambda with VpcConfig depends on every policy that carries its ENI permissions. Lambda checks
 * ec2:CreateNetworkInterface when it creates a VPC function; a policy attached by a separate resource may not be
 * there yet unless the function waits for it (aws-cdk#7998).
 */
export function vpcFunctionsWaitForTheirEniPolicy(template: CfnTemplate): string[] {
  const violations: string[] = [];
  const policies = rolePolicies(template);
  for (const [id, fn] of resourcesOfType(template, 'AWS::Lambda::Function').filter(([, f]) => isVpcFunction(f))) {
    const roleId = functionRoleId(fn);
    if (!roleId) continue; // an imported role: its policies are not in this template
    const ofRole = policies.filter((policy) => policy.roleIds.includes(roleId));
    const carriers = ofRole.filter((p) => grants(p.statements, ENI_ACTION) || AWS_MANAGED_ENI_POLICIES.test(p.managedArn ?? ''));
    if (carriers.length === 0) {
      violations.push(`${id}: a VPC function whose role ${roleId} has no policy granting ${ENI_ACTION}`);
      continue;
    }
    const before = dependencyClosure(template, id);
    for (const carrier of carriers) {
      // A role's inline or ManagedPolicyArns policy is part of the role, which the function references.
      const attachedByRole = carrier.policyId === undefined || policyAttachedByRole(template, roleId, carrier.policyId);
      if (!attachedByRole && !before.has(carrier.policyId)) {
        violations.push(`${id}: a VPC function that does not depend on ${carrier.policyId}, which grants its ${ENI_ACTION}`);
      }
    }
  }
  return violations;
}

function policyAttachedByRole(template: CfnTemplate, roleId: string, policyId: string): boolean {
  const arns = [template.Resources[roleId]?.Properties?.ManagedPolicyArns ?? []].flat();
  return arns.some((arn) => targetOf(arn) === policyId);
}

const isPseudo = (id: string): boolean => id.startsWith('AWS::');

/**
 * No physical name is unique only within a stack: the same app deployed as two stacks in one account and region
 * must not ask for the same name twice. Compares the templates of two copies that differ only in the stack name;
 * names that reference the stack or another resource are unique by construction.
 * `allowed` lists `Type.Property` names the user chooses on purpose (e.g. an IAM-authenticated user's id).
 */
export function namesUniquePerAccount(
  first: CfnTemplate,
  second: CfnTemplate,
  allowed: (resource: CfnResource, property: string) => boolean,
): string[] {
  const violations: string[] = [];
  for (const [id, resource] of Object.entries(first.Resources)) {
    const twin = second.Resources[id];
    if (!twin) continue;
    const twinNames = new Map(physicalNames(twin));
    for (const [property, value] of physicalNames(resource)) {
      const refs = [...referencedIds(value)];
      const derived = refs.includes('AWS::StackName') || refs.includes('AWS::StackId') || refs.some((ref) => !isPseudo(ref));
      if (derived || allowed(resource, property)) continue;
      if (JSON.stringify(twinNames.get(property)) === JSON.stringify(value)) {
        violations.push(`${id} (${resource.Type}) asks for ${property} = ${JSON.stringify(value)} in both stacks`);
      }
    }
  }
  return violations;
}

/**
 * Every KMS key that encrypts a log group lets CloudWatch Logs use it, limited by the encryption-context condition
 * of AWS's example (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html). Without the
 * statement the log group fails to create; a key outside the template cannot be checked, so it is reported too.
 */
export function logGroupKeysAllowCloudWatchLogs(template: CfnTemplate): string[] {
  const violations: string[] = [];
  for (const [id, logGroup] of resourcesOfType(template, 'AWS::Logs::LogGroup')) {
    const keyValue = logGroup.Properties?.KmsKeyId;
    if (keyValue === undefined) continue;
    const keyId = targetOf(keyValue);
    const key = keyId ? template.Resources[keyId] : undefined;
    if (!key || key.Type !== 'AWS::KMS::Key') {
      violations.push(`${id}: encrypted with ${JSON.stringify(keyValue)}, a key whose policy is not in this template`);
      continue;
    }
    const statements = statementsOf(key.Properties?.KeyPolicy);
    const allowsLogs = statements.some(
      (s) =>
        JSON.stringify(s.Principal ?? '').includes('logs.') &&
        grants([s], 'kms:GenerateDataKey') &&
        grants([s], 'kms:Decrypt') &&
        Object.values(s.Condition ?? {}).some((operator) => 'kms:EncryptionContext:aws:logs:arn' in operator),
    );
    if (!allowsLogs) {
      violations.push(
        `${id}: key ${keyId} does not allow logs.<region>.amazonaws.com with the kms:EncryptionContext:aws:logs:arn condition`,
      );
    }
  }
  return violations;
}

/** No Lambda reserves concurrency: a new account's reduced quota refuses any reservation. */
export function noReservedConcurrency(template: CfnTemplate): string[] {
  return resourcesOfType(template, 'AWS::Lambda::Function')
    .filter(([, fn]) => fn.Properties?.ReservedConcurrentExecutions !== undefined)
    .map(([id, fn]) => `${id} reserves ${JSON.stringify(fn.Properties!.ReservedConcurrentExecutions)} concurrent executions`);
}

/**
 * A policy that lets a caller use an IAM-authorized Function URL grants both lambda:InvokeFunctionUrl and
 * lambda:InvokeFunction: function URLs created since October 2025 check both
 * (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html).
 */
export function functionUrlCallersGetBothActions(template: CfnTemplate): string[] {
  const violations: string[] = [];
  const urlFunctions = resourcesOfType(template, 'AWS::Lambda::Url')
    .filter(([, url]) => url.Properties?.AuthType === 'AWS_IAM')
    .map(([, url]) => targetOf(url.Properties?.TargetFunctionArn))
    .filter((id): id is string => id !== undefined);
  const policies = [...resourcesOfType(template, 'AWS::IAM::ManagedPolicy'), ...resourcesOfType(template, 'AWS::IAM::Policy')];
  for (const [policyId, policy] of policies) {
    const statements = statementsOf(policy.Properties?.PolicyDocument);
    for (const fnId of urlFunctions) {
      const onFunction = statements.filter((s) => referencedIds(s.Resource).has(fnId) || JSON.stringify(s.Resource) === '"*"');
      if (grants(onFunction, 'lambda:InvokeFunctionUrl') && !grants(onFunction, 'lambda:InvokeFunction')) {
        violations.push(`${policyId} grants lambda:InvokeFunctionUrl on ${fnId} without lambda:InvokeFunction`);
      }
    }
  }
  return violations;
}

const CLOUDWATCH = 'cloudwatch.amazonaws.com';

/** Whether a statement allows `service` (a service principal), directly or as anyone (`*`). */
function allowsPrincipal(statement: PolicyStatementJson, service: string): boolean {
  const principal = JSON.stringify(statement.Principal ?? '');
  return statement.Effect === 'Allow' && (principal.includes(service) || principal === '"*"' || principal === '{"AWS":"*"}');
}

/** The topic policies of the template that apply to topic `topicId`, as statements. */
function topicPolicyStatements(template: CfnTemplate, topicId: string): PolicyStatementJson[] | undefined {
  const policies = resourcesOfType(template, 'AWS::SNS::TopicPolicy').filter(([, p]) =>
    [p.Properties?.Topics ?? []].flat().some((topic) => targetOf(topic) === topicId),
  );
  return policies.length === 0 ? undefined : policies.flatMap(([, p]) => statementsOf(p.Properties?.PolicyDocument));
}

/**
 * Every SNS topic an alarm notifies accepts CloudWatch: an encrypted topic's key lets cloudwatch.amazonaws.com
 * kms:GenerateDataKey* and kms:Decrypt (CloudWatch calls KMS itself; without it notifications are dropped while the
 * alarm still changes state: https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger), and a topic
 * policy, which replaces SNS's default one, allows cloudwatch.amazonaws.com to sns:Publish.
 */
export function alarmTopicsAcceptCloudWatch(template: CfnTemplate): string[] {
  const violations: string[] = [];
  const topicIds = new Set(
    resourcesOfType(template, 'AWS::CloudWatch::Alarm').flatMap(([, alarm]) =>
      ['AlarmActions', 'OKActions', 'InsufficientDataActions'].flatMap((key) => [alarm.Properties?.[key] ?? []].flat().map(targetOf)),
    ),
  );
  const isTopic = (id: string | undefined): id is string => id !== undefined && template.Resources[id]?.Type === 'AWS::SNS::Topic';
  for (const topicId of [...topicIds].filter(isTopic)) {
    const keyValue = template.Resources[topicId].Properties?.KmsMasterKeyId;
    if (keyValue !== undefined) {
      const keyId = targetOf(keyValue);
      const key = keyId ? template.Resources[keyId] : undefined;
      const statements = key?.Type === 'AWS::KMS::Key' ? statementsOf(key.Properties?.KeyPolicy) : [];
      const forCloudWatch = statements.filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Principal ?? '').includes(CLOUDWATCH));
      if (!grants(forCloudWatch, 'kms:GenerateDataKey') || !grants(forCloudWatch, 'kms:Decrypt')) {
        violations.push(`${topicId}: alarms notify it, but its key ${JSON.stringify(keyValue)} does not let ${CLOUDWATCH} use it`);
      }
    }
    const policy = topicPolicyStatements(template, topicId);
    const cloudWatchMayPublish = grants(policy?.filter((s) => allowsPrincipal(s, CLOUDWATCH)) ?? [], 'sns:Publish');
    if (policy && !cloudWatchMayPublish) {
      violations.push(`${topicId}: alarms notify it, but its topic policy does not allow ${CLOUDWATCH} to sns:Publish`);
    }
  }
  return violations;
}

/**
 * Every topic an ElastiCache group or cluster sends event notifications to (NotificationTopicArn) is unencrypted, and a
 * topic policy on it allows publishing under the aws:SourceOwner condition: ElastiCache marks an encrypted topic
 * inactive and cannot publish under a policy that uses aws:SourceAccount
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ElastiCacheSNS.html).
 */
export function elastiCacheNotificationTopicsAccept(template: CfnTemplate): string[] {
  const violations: string[] = [];
  const caches = [
    ...resourcesOfType(template, 'AWS::ElastiCache::ReplicationGroup'),
    ...resourcesOfType(template, 'AWS::ElastiCache::CacheCluster'),
  ];
  for (const [id, cache] of caches) {
    const topicId = targetOf(cache.Properties?.NotificationTopicArn);
    const topic = topicId ? template.Resources[topicId] : undefined;
    if (!topicId || topic?.Type !== 'AWS::SNS::Topic') continue;
    if (topic.Properties?.KmsMasterKeyId !== undefined) {
      violations.push(`${id} sends event notifications to ${topicId}, which is encrypted: ElastiCache cannot publish to it`);
    }
    const policy = topicPolicyStatements(template, topicId);
    const underSourceOwner = policy?.filter((s) => s.Effect === 'Allow' && /aws:sourceowner/i.test(JSON.stringify(s.Condition ?? {})));
    if (policy && !grants(underSourceOwner ?? [], 'sns:Publish')) {
      violations.push(`${id} sends event notifications to ${topicId}, whose topic policy has no sns:Publish allowed under aws:SourceOwner`);
    }
  }
  return violations;
}

/** A replication group delivers each log type to its own destination (a log group or stream holds one log type). */
export function logTypesHaveTheirOwnDestination(template: CfnTemplate): string[] {
  const violations: string[] = [];
  for (const [id, group] of resourcesOfType(template, 'AWS::ElastiCache::ReplicationGroup')) {
    type Configuration = { DestinationDetails?: unknown; LogType?: string };
    const configurations = [group.Properties?.LogDeliveryConfigurations ?? []].flat() as Configuration[];
    const seen = new Map<string, string>();
    for (const configuration of configurations) {
      const destination = JSON.stringify(configuration.DestinationDetails);
      const other = seen.get(destination);
      if (other) violations.push(`${id} delivers ${other} and ${configuration.LogType} to the same destination ${destination}`);
      seen.set(destination, String(configuration.LogType));
    }
  }
  return violations;
}
