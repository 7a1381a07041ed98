import { aws_events as events } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SERVERLESS_EVENTS } from '../facts/events';

/**
 * An EventBridge rule for the ElastiCache events of one serverless cache: source `aws.elasticache`, and
 * `detail.SourceIdentifier` equal to the cache name as ElastiCache stores it (lower case; matching is case-sensitive).
 * ElastiCache sends these events for serverless caches only (lib/facts/events.ts): Cache Created, Cache Updated, Cache
 * Update Failed, Cache Limit Approaching, Cache Deleted, ... Snapshot events have the snapshot as their source
 * (SourceType `serverless-cache-snapshot`), so the rule leaves them out. Node-based caches publish nothing to
 * EventBridge: their events go to the SNS topic of `notificationTopic` (lib/monitoring/notifications.ts).
 */
export function serverlessCacheEventRule(
  scope: Construct,
  id: string,
  serverlessCacheName: string,
  options: events.OnEventOptions = {},
): events.Rule {
  const rule = new events.Rule(scope, id, options);
  rule.addTarget(options.target);
  rule.addEventPattern({
    source: [SERVERLESS_EVENTS.source],
    detail: { [SERVERLESS_EVENTS.identifierField]: [serverlessCacheName] },
  });
  return rule;
}
