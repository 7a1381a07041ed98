import { Token } from 'aws-cdk-lib';
import { CacheValidationError, ValidationProblem, problem } from '../shared/errors';
import { CacheMember } from '../monitoring/metrics';
import { storedId } from '../private/stored-id';
import { ClusterMode } from './props';

/** The shape the member ids derive from. */
export interface MemberTopology {
  readonly clusterMode: ClusterMode;
  readonly numShards: number;
  readonly replicasPerShard: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * The `CacheClusterId` of every member ElastiCache creates for the topology, in the documented format:
 * - cluster mode disabled: the group id plus a 3-digit node number, `<rgId>-001` (primary at creation) to
 *   `<rgId>-00N` ("a sequential 3-digit number added to the end of --replication-group-id, for example
 *   sample-repl-group-001": https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Replication.CreatingReplGroup.ExistingCluster.html);
 * - cluster mode enabled: the 4-digit node group id, then the 3-digit node number, `<rgId>-0001-001` ... (the
 *   DescribeReplicationGroups example lists `clustered-redis-0001-001`, `clustered-redis-0002-002`:
 *   https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeReplicationGroups.html).
 * With a generated id (a `Ref` token) each id joins the Ref and the suffix (`Fn::Join`), and `identity` names it by
 * `stableName` (the construct path) instead, for metric-math ids that do not move with token numbering. Ids describe
 * the nodes created with the group: failover changes which node is primary, not the ids; nodes added later
 * (resharding, more replicas) get new ids.
 */
export function memberClusterIds(replicationGroupId: string, topology: MemberTopology, stableName?: string): CacheMember[] {
  const generated = Token.isUnresolved(replicationGroupId);
  // ElastiCache stores ids in lowercase, and so names the dimension (lib/private/stored-id.ts). The same text for the
  // same node on every call (a template string, not a new Fn.join token each time): CDK tells metrics apart by it.
  const id = generated ? replicationGroupId : storedId(replicationGroupId);
  const member = (suffix: string): CacheMember => ({
    cacheClusterId: `${id}-${suffix}`,
    key: suffix,
    identity: generated ? `${stableName ?? id}-${suffix}` : `${id}-${suffix}`,
  });
  const nodesPerShard = topology.replicasPerShard + 1;
  const nodes = Array.from({ length: nodesPerShard }, (_, n) => pad(n + 1, 3));
  if (topology.clusterMode === ClusterMode.DISABLED) return nodes.map(member);
  return Array.from({ length: topology.numShards }, (_, s) => nodes.map((node) => member(`${pad(s + 1, 4)}-${node}`))).flat();
}

/** Problems with a topology an import supplies (a created group's props are checked by its rule table). */
export function topologyProblems(topology: Partial<MemberTopology>): ValidationProblem[] {
  const { clusterMode, numShards = 1, replicasPerShard } = topology;
  const integerIn = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
  const problems: ValidationProblem[] = [];
  if (!integerIn(numShards, 1, 500))
    problems.push(problem('imported-topology', `numShards must be an integer from 1 to 500, got ${numShards}`));
  if (replicasPerShard !== undefined && !integerIn(replicasPerShard, 0, 5)) {
    problems.push(problem('imported-topology', `replicasPerShard must be an integer from 0 to 5, got ${replicasPerShard}`));
  }
  if (clusterMode === ClusterMode.DISABLED && numShards > 1) {
    problems.push(problem('imported-topology', `numShards ${numShards} needs clusterMode ClusterMode.ENABLED`));
  }
  return problems;
}

/** Throws when the topology holds tokens: the member ids (and so the metric dimensions) must be known at synth. */
export function requireResolvedTopology(subject: string, topology: MemberTopology): MemberTopology {
  if (Token.isUnresolved(topology.numShards) || Token.isUnresolved(topology.replicasPerShard)) {
    throw new CacheValidationError(subject, [
      problem(
        'topology-unresolved',
        'numShards and replicasPerShard must be numbers known at synth for per-node metrics, alarms and dashboards: the member cluster ids (the CacheClusterId dimension) derive from them',
      ),
    ]);
  }
  return topology;
}
