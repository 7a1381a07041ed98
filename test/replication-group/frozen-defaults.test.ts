import { RemovalPolicy } from 'aws-cdk-lib';
import { ReplicationGroupEngine, NetworkType, TransitEncryptionMode } from '../../lib';
import { REPLICATION_GROUP_DEFAULTS } from '../../lib/replication-group/config';
import { cacheStack, onlyResource } from '../helpers/stacks';

/**
 * A release of cdk-elasticache must never upgrade or replace a user's cache. Every default below changes a live
 * resource when it moves: the engine (an upgrade that cannot be undone), the node type (a scaling operation), the port,
 * network type and encryption (replacement), the topology and the removal policy. They are frozen within a major
 * version of this package; if this test fails, the change belongs in a new major version with a README note.
 */
describe('defaults that are frozen within a major version', () => {
  test('the default engine is pinned to Valkey 9.0, not to ReplicationGroupEngine.LATEST', () => {
    expect(REPLICATION_GROUP_DEFAULTS.engine).toBe(ReplicationGroupEngine.VALKEY_9_0);
    expect(REPLICATION_GROUP_DEFAULTS.engine).not.toBe(ReplicationGroupEngine.LATEST);
  });

  test('the defaults that would upgrade or replace a live cache are unchanged', () => {
    expect({ ...REPLICATION_GROUP_DEFAULTS, engine: REPLICATION_GROUP_DEFAULTS.engine.toString() }).toEqual({
      engine: 'valkey 9.0',
      cacheNodeType: 'cache.r7g.large',
      numShards: 1,
      replicasPerShard: 2,
      multiAz: true,
      port: 6380,
      transitEncryptionMode: TransitEncryptionMode.REQUIRED,
      backupRetention: REPLICATION_GROUP_DEFAULTS.backupRetention,
      snapshotWindow: '03:00-05:00',
      maintenanceWindow: 'sun:06:00-sun:07:00',
      autoMinorVersionUpgrade: true,
      networkType: NetworkType.IPV4,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    expect(REPLICATION_GROUP_DEFAULTS.backupRetention.toDays()).toBe(15);
  });

  test('a cache with no engine prop synthesizes valkey 9.0 with the valkey9 parameter family', () => {
    const template = cacheStack().template();
    expect(onlyResource(template, 'AWS::ElastiCache::ReplicationGroup').Properties).toMatchObject({
      Engine: 'valkey',
      EngineVersion: '9.0',
      CacheNodeType: 'cache.r7g.large',
      Port: 6380,
    });
    expect(onlyResource(template, 'AWS::ElastiCache::ParameterGroup').Properties.CacheParameterGroupFamily).toBe('valkey9');
  });
});
