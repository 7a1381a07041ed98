import { aws_ec2 as ec2 } from 'aws-cdk-lib';
import { AuthenticationMode } from '../auth/authentication';
import { identifierProblem } from '../private/identifiers';
import { Rule, integerOutside, isResolved } from '../shared/rule-table';
import { ServerlessConfig } from './config';
import {
  networkTypeSubnetsProblem,
  publicMemcachedProblem,
  publicModeProblem,
  publicNetworkProblem,
  publicRedisProblem,
  publicValkeyVersionProblem,
  vpcRequiredProblem,
} from './connectivity-rules';
import { ServerlessCacheProps } from './props';

/** What a serverless rule sees: the raw props (explicit choices), the resolved config and the selected subnets. */
export interface ServerlessRuleInput {
  readonly props: ServerlessCacheProps;
  readonly config: ServerlessConfig;
  /** The subnets of the cache's VPC endpoint; undefined for a cache without a VPC. */
  readonly subnets?: readonly ec2.ISubnet[];
}

/** Whether a set, resolved number is outside `min`..`max` or not whole. */
const outside = (value: number | undefined, min: number, max: number): boolean => value !== undefined && integerOutside(value, min, max);

/** True when both are resolved and `min` is above `max`. */
const inverted = (min: number | undefined, max: number | undefined): boolean =>
  min !== undefined && max !== undefined && isResolved(min) && isResolved(max) && min > max;

const DATA_STORAGE_GB = [1, 5000] as const;
const ECPU_PER_SECOND = [1000, 15_000_000] as const;

/**
 * What CloudFormation or ElastiCache rejects for a serverless cache, caught at synth. Unresolved tokens are skipped.
 * Sources: AWS::ElastiCache::ServerlessCache and its CacheUsageLimits
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-serverlesscache.html,
 * the ranges @aws-cdk/aws-elasticache-alpha enforces: 1–5,000 GB, 1,000–15,000,000 ECPU/s), the CreateServerlessCache
 * API (description up to 255 characters; https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateServerlessCache.html),
 * snapshot retention up to 35 days like every ElastiCache backup, and RBAC as "the only way to control access to
 * serverless caches" (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html).
 */
export const SERVERLESS_RULES: readonly Rule<ServerlessRuleInput>[] = [
  {
    id: 'serverless-cache-name',
    severity: 'error',
    check: ({ config }) => identifierProblem('serverlessCacheName', config.serverlessCacheName),
  },
  {
    id: 'serverless-description',
    severity: 'error',
    check: ({ config: { description: text } }) =>
      text !== undefined && isResolved(text) && (text.length > 255 || /[<>]/.test(text))
        ? `description must be at most 255 characters without '<' or '>', got ${text.length} characters${/[<>]/.test(text) ? ' with < or >' : ''}`
        : undefined,
  },
  {
    id: 'serverless-data-storage-range',
    severity: 'error',
    check: ({ config: { usageLimits: l } }) => {
      const bad = [
        outside(l.dataStorageMinimumGb, ...DATA_STORAGE_GB) ? `dataStorageMinimumSize ${l.dataStorageMinimumGb} GB` : undefined,
        outside(l.dataStorageMaximumGb, ...DATA_STORAGE_GB) ? `dataStorageMaximumSize ${l.dataStorageMaximumGb} GB` : undefined,
      ].filter(Boolean);
      return bad.length > 0 ? `cacheUsageLimits data storage must be whole GB from 1 to 5000, got ${bad.join(' and ')}` : undefined;
    },
  },
  {
    id: 'serverless-data-storage-order',
    severity: 'error',
    check: ({ config: { usageLimits: l } }) =>
      inverted(l.dataStorageMinimumGb, l.dataStorageMaximumGb)
        ? `cacheUsageLimits.dataStorageMinimumSize (${l.dataStorageMinimumGb} GB) is above dataStorageMaximumSize (${l.dataStorageMaximumGb} GB)`
        : undefined,
  },
  {
    id: 'serverless-ecpu-range',
    severity: 'error',
    check: ({ config: { usageLimits: l } }) => {
      const bad = [
        outside(l.ecpuMinimum, ...ECPU_PER_SECOND) ? `requestRateLimitMinimum ${l.ecpuMinimum}` : undefined,
        outside(l.ecpuMaximum, ...ECPU_PER_SECOND) ? `requestRateLimitMaximum ${l.ecpuMaximum}` : undefined,
      ].filter(Boolean);
      return bad.length > 0
        ? `cacheUsageLimits request rates must be whole ECPUs per second from 1000 to 15000000, got ${bad.join(' and ')}`
        : undefined;
    },
  },
  {
    id: 'serverless-ecpu-order',
    severity: 'error',
    check: ({ config: { usageLimits: l } }) =>
      inverted(l.ecpuMinimum, l.ecpuMaximum)
        ? `cacheUsageLimits.requestRateLimitMinimum (${l.ecpuMinimum}) is above requestRateLimitMaximum (${l.ecpuMaximum})`
        : undefined,
  },
  {
    id: 'serverless-backup-retention-range',
    severity: 'error',
    check: ({ config }) =>
      outside(config.snapshotRetentionDays, 0, 35)
        ? `backup.retention must be whole days from 0 to 35, got ${config.snapshotRetentionDays} days`
        : undefined,
  },
  {
    id: 'serverless-snapshot-time-format',
    severity: 'error',
    check: ({ config: { dailySnapshotTime: time } }) =>
      isResolved(time) && !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)
        ? `backup.dailySnapshotTime '${time}' is invalid: expected 'hh24:mi' in UTC, e.g. '03:00'`
        : undefined,
  },
  {
    id: 'serverless-authentication',
    severity: 'error',
    check: ({ props, config }) => {
      const mode = props.authentication?.mode;
      if (mode === undefined) return undefined;
      if (!config.engine.supportsUserGroups) {
        return `authentication is not possible for ${config.engine.toString()}: Memcached has no users; remove it and restrict the network instead`;
      }
      return mode === AuthenticationMode.AUTH_TOKEN
        ? 'authentication CacheAuthentication.authToken() is not possible for a serverless cache, which has no AUTH token: use CacheAuthentication.rbac(group) or .iam(group)'
        : undefined;
    },
  },
  // Connection type and network type (connectivity-rules.ts; sources in lib/facts/serverless-connectivity.ts).
  { id: 'serverless-vpc-required', severity: 'error', check: ({ props, config }) => vpcRequiredProblem(props, config) },
  { id: 'serverless-public-network', severity: 'error', check: ({ props, config }) => publicNetworkProblem(props, config) },
  { id: 'serverless-public-redis', severity: 'error', check: ({ config }) => publicRedisProblem(config) },
  { id: 'serverless-public-memcached', severity: 'error', check: ({ config }) => publicMemcachedProblem(config) },
  { id: 'serverless-public-valkey-version', severity: 'error', check: ({ config }) => publicValkeyVersionProblem(config) },
  // The mode here; the users of the group are checked once it is bound (publicUsersProblems, same id).
  { id: 'serverless-public-iam-users', severity: 'error', check: ({ props, config }) => publicModeProblem(props, config) },
  { id: 'serverless-network-type-subnets', severity: 'error', check: ({ config, subnets }) => networkTypeSubnetsProblem(config, subnets) },
  {
    id: 'serverless-engine-version-unknown',
    severity: 'warning',
    check: ({ config: { engine } }) =>
      engine.isKnownVersion
        ? undefined
        : `engine ${engine.toString()} is newer than every major version this release of cdk-elasticache knows: check that ElastiCache Serverless offers it in your region`,
  },
];
