import { loadResourceModel } from '@aws-cdk/cloudformation-diff/lib/diff/util';
import { CfnResource } from './template-model';

/**
 * Name properties the service spec's `primaryIdentifier` does not reveal (the identifier is an ARN or id, and the name
 * is another property, sometimes nested). Path segments are property names.
 */
const EXTRA_NAME_PATHS: Record<string, string[][]> = {
  'AWS::Backup::BackupPlan': [['BackupPlan', 'BackupPlanName']],
  'AWS::SecretsManager::Secret': [['Name']],
  'AWS::SNS::Topic': [['TopicName']],
  'AWS::SQS::Queue': [['QueueName']],
  'AWS::IAM::ManagedPolicy': [['ManagedPolicyName']],
  'AWS::ElastiCache::ServerlessCache': [['FinalSnapshotName']],
  // The identifier (GlobalReplicationGroupId) is read-only: ElastiCache prefixes the suffix the template sets.
  'AWS::ElastiCache::GlobalReplicationGroup': [['GlobalReplicationGroupIdSuffix']],
};

/**
 * The physical names a resource sets: the settable properties of the type's primary identifier in the CloudFormation
 * service spec (e.g. BackupVaultName, LogGroupName, RoleName, UserId), plus the extra name paths above.
 * Returns `[path, value]` pairs for the names that are present.
 */
export function physicalNames(resource: CfnResource): [string, unknown][] {
  const model = loadResourceModel(resource.Type);
  const identifiers = (model?.primaryIdentifier ?? []).filter((name) => model?.properties[name] !== undefined).map((name) => [name]);
  const names: [string, unknown][] = [];
  // A composite identifier (e.g. a scalable target's ResourceId + ScalableDimension + ServiceNamespace) is one name:
  // it is unique when any part is.
  if (identifiers.length > 1) {
    const parts = identifiers.map(([name]) => resource.Properties?.[name]);
    if (parts.every((part) => part !== undefined)) names.push([identifiers.map(([name]) => name).join('+'), parts]);
  }
  const paths = [...(identifiers.length > 1 ? [] : identifiers), ...(EXTRA_NAME_PATHS[resource.Type] ?? [])];
  for (const path of paths) {
    let value: unknown = resource.Properties;
    for (const segment of path) value = (value as Record<string, unknown> | undefined)?.[segment];
    if (value !== undefined) names.push([path.join('.'), value]);
  }
  return names;
}
