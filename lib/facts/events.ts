/**
 * Where ElastiCache's events go, per cache shape. A rule or a subscription on the wrong path stays silent: nothing
 * reports that no event will ever match.
 */
import { CHECKED, FactSource } from './fact-source';

export interface EventBridgeEvents {
  /** The `source` of the events ElastiCache sends to EventBridge itself. */
  readonly source: string;
  /** The `detail` field that names the cache an event is about (its name; `SourceArn` has its ARN). */
  readonly identifierField: string;
  /** The detail-types, spelled as the EventBridge reference and schema registry spell them (matching is case-sensitive). */
  readonly detailTypes: readonly string[];
  readonly sources: readonly FactSource[];
}

/**
 * Serverless caches: ElastiCache sends their service events to EventBridge directly, best effort. The detail fields
 * (EventCategories, EventID, Message, SourceArn, SourceIdentifier, SourceType) are those of the schema registry's
 * `aws.elasticache@CacheCreated` ... schemas, as `@aws-cdk/aws-service-spec` carries them (eventTypeDefinition).
 */
export const SERVERLESS_EVENTS: EventBridgeEvents = {
  source: 'aws.elasticache',
  identifierField: 'SourceIdentifier',
  detailTypes: [
    'Cache Created',
    'Cache Creation Failed',
    'Cache Deleted',
    'Snapshot Created',
    'Snapshot Creation Failed',
    'Cache Update Failed',
    'Cache Updated',
    'Cache Limit Approaching',
    'Snapshot Export Failed',
    'Snapshot Copy Failed',
  ],
  sources: [
    {
      url: 'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-elasticache.html',
      checked: CHECKED,
      quote:
        'ElastiCache sends the following events directly to EventBridge: Cache Created, Cache Creation Failed, Cache Deleted, ... Delivery type: Best effort',
    },
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/serverless-events.html',
      checked: CHECKED,
      quote: 'You can choose to monitor, ingest, transform, and act on ElastiCache events using Amazon EventBridge.',
    },
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_Event.html',
      checked: CHECKED,
      quote:
        'SourceIdentifier: The identifier for the source of the event. For example, if the event occurred at the cluster level, the identifier would be the name of the cluster.',
    },
  ],
};

/**
 * Node-based caches (replication groups, Memcached clusters): no EventBridge events. Their events (failover, node
 * replacement, scaling, ...) go to one SNS topic per cache (`NotificationTopicArn`), which must be unencrypted, in the
 * same account and region, and allow publishing under an `aws:SourceOwner` condition (lib/monitoring/notifications.ts).
 */
export const NODE_BASED_EVENTS = {
  eventBridge: false,
  sources: [
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/self-designed-metrics-events.valkey-and-redis.html',
      checked: CHECKED,
      quote: 'Self-designed cluster events are not published to Amazon EventBridge.',
    },
    {
      url: 'https://docs.amazonaws.cn/en_us/AmazonElastiCache/latest/mem-ug/self-designed-events.html',
      checked: CHECKED,
      quote:
        'you can view your cluster events in the ElastiCache console, using the Amazon CLI, or using Amazon Simple Notification Service (SNS). Self-designed cluster events are not published to Amazon EventBridge.',
    },
    {
      url: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ElastiCacheSNS.html',
      checked: CHECKED,
      quote:
        "The Amazon SNS topic you are publishing to cannot be encrypted. [...] The Amazon SNS topic's access policy must use the aws:SourceOwner condition key.",
    },
  ] as readonly FactSource[],
} as const;
