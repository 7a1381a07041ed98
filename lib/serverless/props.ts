import { Duration, RemovalPolicy, Size, aws_ec2 as ec2, aws_kms as kms } from 'aws-cdk-lib';
import { CacheAuthentication } from '../auth/authentication';
import { NetworkType } from '../shared/network-type';
import { ServerlessCacheConnectionType } from './connection-type';
import { ServerlessCacheEngine } from './engine';

/**
 * Usage limits of a serverless cache (named as in `@aws-cdk/aws-elasticache-alpha`). ElastiCache Serverless scales
 * between the minimums and maximums; a maximum caps the bill: at the storage maximum the cache evicts keys with a TTL
 * (then answers writes with out-of-memory errors), at the ECPU maximum it throttles requests
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Scaling.html). Alarm at 75% of a maximum.
 */
export interface ServerlessCacheUsageLimits {
  /**
   * Data storage the cache keeps ready (billed even when unused), whole GB from 1 to 5,000.
   * @default - no minimum
   */
  readonly dataStorageMinimumSize?: Size;
  /**
   * The most data the cache stores, whole GB from 1 to 5,000.
   * @default - no maximum
   */
  readonly dataStorageMaximumSize?: Size;
  /**
   * ElastiCache Processing Units per second the cache keeps ready, 1,000 to 15,000,000.
   * @default - no minimum
   */
  readonly requestRateLimitMinimum?: number;
  /**
   * The most ECPUs per second the cache uses, 1,000 to 15,000,000.
   * @default - no maximum
   */
  readonly requestRateLimitMaximum?: number;
}

/** Automatic daily snapshots of a serverless cache. */
export interface ServerlessCacheBackupProps {
  /**
   * How long automatic snapshots are kept, in whole days, 0–35 (0 turns them off).
   * @default Duration.days(15) (HIPAA and NIST 800-53 rules ask for at least 15)
   */
  readonly retention?: Duration;
  /**
   * The time of day the daily snapshot starts, UTC, `hh24:mi`.
   * @default '03:00'
   */
  readonly dailySnapshotTime?: string;
}

/** Properties of a {@link ServerlessCache}. */
export interface ServerlessCacheProps {
  /**
   * The VPC whose subnets hold the cache's endpoints. Required with `ServerlessCacheConnectionType.VPC` (the
   * default); a cache with a public endpoint has no VPC: leave it, `vpcSubnets` and `securityGroups` unset.
   * @default - none: allowed only with `connectionType: ServerlessCacheConnectionType.PUBLIC`
   */
  readonly vpc?: ec2.IVpc;

  /**
   * How clients reach the cache: a VPC endpoint (default), or a public endpoint on the internet (Valkey 9.0+ only).
   * Create-only (ConnectionType): a change fails the deployment (the cache has a name and cannot be replaced).
   *
   * A public endpoint exposes the cache's address and port (6379, reader endpoint 6380) to every network: anyone can
   * open a TLS connection to it. Access is controlled by IAM alone: only IAM-authenticated users of the cache's user
   * group get in (ElastiCache refuses any other user group for a public cache), with a SigV4 token that needs
   * `elasticache:Connect` on the cache and the user (`grantAccess` / `grantConnect` grant it). Who may create such a
   * cache is decided by the `elasticache:ConnectionType` condition key in your IAM policies.
   * @default ServerlessCacheConnectionType.VPC
   */
  readonly connectionType?: ServerlessCacheConnectionType;

  /**
   * The IP versions the cache's endpoint accepts: IPv4, IPv6 (its subnets must be IPv6-only) or dual stack (its
   * subnets must have both). Create-only (NetworkType): a change fails the deployment (the cache has a name and
   * cannot be replaced). `NetworkType.IPV4` is ElastiCache's own default and leaves the property out of the template.
   * @default - IPv4 (ElastiCache's default; IPv6 when every subnet is IPv6-only)
   */
  readonly networkType?: NetworkType;

  /**
   * The subnets of the cache's VPC endpoint. Create-only (SubnetIds): the cache has a name, so CloudFormation cannot
   * replace it, and a change fails the deployment (nothing is lost); to move it, create a new cache.
   * @default - the VPC's private subnets with egress, or its isolated subnets when it has none
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the cache's endpoints.
   * @default - a security group with no ingress and closed egress; grant access with `connections` (which opens the
   * endpoint port and the reader endpoint's, the next one)
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * The engine and major version. A major upgrade is an in-place, online change; Redis OSS → Valkey too.
   * @default ServerlessCacheEngine.VALKEY_8 (frozen within a major version of cdk-elasticache)
   */
  readonly engine?: ServerlessCacheEngine;

  /**
   * Name of the cache: 1–40 letters, digits or hyphens, starting with a letter, with no trailing or double hyphen,
   * unique per account and region (ElastiCache stores it lowercase). Create-only: a change fails the deployment
   * (CloudFormation cannot replace a named resource).
   * @default - the construct's unique name plus 8 characters of the stack id, lowercase: unique per deployment, so a
   * cache retained by `cdk destroy` does not block the next deployment
   */
  readonly serverlessCacheName?: string;

  /**
   * Description of the cache: up to 255 characters, without `<` or `>`.
   * @default - the construct path
   */
  readonly description?: string;

  /**
   * Minimums and maximums of data storage and ECPUs per second.
   * @default - none: the cache scales without limit, and so does the bill
   */
  readonly cacheUsageLimits?: ServerlessCacheUsageLimits;

  /**
   * KMS key for encryption at rest, of the cache and of its snapshots, and of the password secret of the generated
   * `app` user (`grantAccess` grants the grantee `kms:Decrypt` on it, through Secrets Manager only; an imported key's
   * policy must let this account's IAM policies grant it, as the default key policy does). Create-only (KmsKeyId): a
   * change fails the deployment (the cache has a name and cannot be replaced).
   * @default - a new customer-managed key with annual rotation
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How clients authenticate (Valkey and Redis OSS): `CacheAuthentication.rbac(group)` or `.iam(group)`. Serverless
   * caches have no AUTH token. Memcached has no authentication: leave this unset for it. A cache with a public
   * endpoint needs `.iam(group)` with a group whose users all authenticate with IAM.
   * @default - Valkey / Redis OSS: a new user group with a disabled `default` user and one password user `app` with
   * `AccessString.readWrite()` on every key, what the runtime's patterns need without the admin and dangerous commands
   * (not full access; password in Secrets Manager, see `appUser`); with a public endpoint, IAM authentication with the user
   * group ElastiCache manages in every account, `default.iam-user-group`, whose IAM user `default.iam-user` is the one
   * `grantAccess` connects as. Memcached: none
   */
  readonly authentication?: CacheAuthentication;

  /**
   * Automatic daily snapshots.
   * @default - kept 15 days, taken daily at 03:00 UTC
   */
  readonly backup?: ServerlessCacheBackupProps;

  /**
   * ARNs of snapshots (serverless or node-based) whose data the new cache starts with. Create-only: it is read only
   * when the cache is created.
   * @default - an empty cache
   */
  readonly snapshotArnsToRestore?: string[];

  /**
   * What happens to the cache when it is removed from the stack. SNAPSHOT takes a final snapshot under a name unique
   * per deployment (CloudFormation's DeletionPolicy Snapshot does not exist for serverless caches: the cache's
   * `FinalSnapshotName` does it) and keeps the KMS key it is encrypted with. RETAIN keeps the cache, its security group
   * and its user group. DESTROY deletes everything.
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;
}
