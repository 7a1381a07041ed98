import { aws_events as events } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * An EventBridge rule for the ElastiCache events of one replication group. ElastiCache sends its service events
 * (Cache Created, Cache Updated, Cache Update Failed, Snapshot Created, Snapshot Creation Failed, Cache Limit
 * Approaching, ...) to EventBridge directly, best effort, with source `aws.elasticache`:
 * https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-elasticache.html. The detail carries `SourceIdentifier`,
 * the group's or a node's id, which the rule matches: the group id and its member ids when the topology is known, else
 * the group id and any id that starts with `<group id>-` (which can also match a group whose id extends this one's).
 */
export function cacheEventRule(
  scope: Construct,
  id: string,
  replicationGroupId: string,
  memberClusterIds: string[] | undefined,
  options: events.OnEventOptions = {},
): events.Rule {
  const rule = new events.Rule(scope, id, options);
  rule.addTarget(options.target);
  const identifiers = memberClusterIds ?? events.Match.prefix(`${replicationGroupId}-`);
  rule.addEventPattern({ source: ['aws.elasticache'], detail: { SourceIdentifier: [replicationGroupId, ...identifiers] } });
  return rule;
}
