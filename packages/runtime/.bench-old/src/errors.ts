/**
 * Typed errors of the runtime companion.
 *
 * Application code (and the CLI) branch on `code` rather than on message text, and every message is one line
 * that names the replication group, so a log line or a CLI exit says what failed without a stack trace.
 */

/** Base class of every error the runtime companion throws on purpose. */
export class CacheRuntimeError extends Error {
  constructor(
    /** Stable machine-readable identifier, e.g. `ReplicationGroupNotFound`. */
    public readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** DescribeReplicationGroups answered ReplicationGroupNotFoundFault. */
export class ReplicationGroupNotFoundError extends CacheRuntimeError {
  constructor(
    public readonly replicationGroupId: string,
    options?: { cause?: unknown },
  ) {
    super('ReplicationGroupNotFound', `replication group '${replicationGroupId}' was not found in this account and region`, options);
  }
}

/** The group exists but is not `available` (and the caller did not wait, or waiting timed out). */
export class ReplicationGroupNotAvailableError extends CacheRuntimeError {
  constructor(
    public readonly replicationGroupId: string,
    /** The last status ElastiCache reported, e.g. `creating` or `modifying`. */
    public readonly status: string,
    detail: string,
  ) {
    super('ReplicationGroupNotAvailable', `replication group '${replicationGroupId}' is '${status}', not 'available' (${detail})`);
  }
}

/** The caller's IAM identity may not call the ElastiCache API. */
export class CacheAccessDeniedError extends CacheRuntimeError {
  constructor(replicationGroupId: string, options?: { cause?: unknown }) {
    super(
      'AccessDenied',
      `access denied describing replication group '${replicationGroupId}' (needs elasticache:DescribeReplicationGroups)`,
      options,
    );
  }
}

/** The ElastiCache API kept throttling after every retry. */
export class CacheThrottledError extends CacheRuntimeError {
  constructor(replicationGroupId: string, attempts: number, options?: { cause?: unknown }) {
    super(
      'Throttled',
      `ElastiCache API throttled describing replication group '${replicationGroupId}' ${attempts} times in a row; giving up`,
      options,
    );
  }
}

/** The settings cannot work as given, e.g. no AWS region or TLS off on a group that requires it. */
export class CacheConfigurationError extends CacheRuntimeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('InvalidConfiguration', message, options);
  }
}

/**
 * The cache did not answer in time, or could not be reached: a timeout, a refused or dropped connection, a failover
 * in progress (CLUSTERDOWN, TRYAGAIN, READONLY, LOADING, MASTERDOWN), a busy or full server. Transient: retry later,
 * degrade, or fail open. Every other error a pattern passes on (a WRONGTYPE reply, a RangeError for a bad argument)
 * is a bug to fix, not an outage to wait out.
 */
export class CacheUnavailableError extends CacheRuntimeError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'CacheUnavailable', message, options);
  }
}
