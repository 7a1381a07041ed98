import { CfnParameterGroup } from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { ReplicationGroupConfig } from './config';
import { ClusterMode } from './props';

/**
 * The group's parameter group, of the engine's family. It has no explicit name, on purpose: the family is
 * create-only, so a major upgrade (valkey8 -> valkey9) makes CloudFormation create a new group under a new generated
 * name, switch the cache to it together with the new EngineVersion, and only then delete the old one. A fixed name
 * would fail with "parameter group ... already exists / is in use".
 */
export function createParameterGroup(scope: Construct, id: string, config: ReplicationGroupConfig, description: string): CfnParameterGroup {
  return new CfnParameterGroup(scope, id, {
    cacheParameterGroupFamily: config.engine.parameterGroupFamily,
    description,
    properties: parameterGroupProperties(config),
  });
}

/** The parameters of the group's parameter group: the given ones and `cluster-enabled` from the cluster mode. */
export function parameterGroupProperties(config: ReplicationGroupConfig): Record<string, string> {
  return { ...config.parameters, 'cluster-enabled': config.clusterMode === ClusterMode.ENABLED ? 'yes' : 'no' };
}
