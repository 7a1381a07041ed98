import { Stack, aws_ec2 as ec2, aws_lambda as lambda } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  CacheAuthentication,
  CacheUser,
  CacheUserGroup,
  UserEngine,
  MemcachedCluster,
  ServerlessCache,
  ServerlessCacheEngine,
  UserAuthentication,
} from '../../lib';
import { parseEnvironment } from 'cdk-elasticache-runtime';
import { isolatedVpc, newStack } from '../helpers/stacks';

function vpcFunction(stack: Stack, vpc: ec2.IVpc, id = 'Fn'): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {}'),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
}

const variablesOf = (stack: Stack, fn: lambda.Function): Record<string, unknown> =>
  Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(fn.node.defaultChild as never)].Properties.Environment.Variables;

describe('grantAccess on every shape', () => {
  test('ServerlessCache (Valkey, default RBAC): the app user, the cluster protocol, both ports open', () => {
    const stack = newStack();
    const vpc = isolatedVpc(stack);
    const cache = new ServerlessCache(stack, 'Serverless', { vpc });
    const fn = vpcFunction(stack, vpc);
    cache.grantAccess(fn);
    const variables = variablesOf(stack, fn);
    expect(variables).toMatchObject({
      CACHE_ENDPOINT_KIND: 'cluster',
      CACHE_ADDRESS: stack.resolve(cache.endpoint.address),
      CACHE_PORT: stack.resolve(cache.cfnServerlessCache.attrEndpointPort),
      CACHE_TLS: 'true',
      CACHE_AUTH_MODE: 'rbac',
      CACHE_SECRET_ARN: stack.resolve(cache.appUser!.secret!.secretArn),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 6379, ToPort: 6380 });
  });

  test('ServerlessCache with IAM: a token signed for the serverless cache, and read-only on the reader endpoint', () => {
    const stack = newStack();
    const vpc = isolatedVpc(stack);
    const user = new CacheUser(stack, 'Iam', { userName: 'app-iam', authentication: UserAuthentication.iam() });
    const cache = new ServerlessCache(stack, 'Serverless', {
      vpc,
      authentication: CacheAuthentication.iam(new CacheUserGroup(stack, 'Users', { users: [user], engine: UserEngine.VALKEY })),
    });
    const fn = vpcFunction(stack, vpc);
    cache.grantAccess(fn, { user, readOnly: true });
    expect(variablesOf(stack, fn)).toMatchObject({
      CACHE_AUTH_MODE: 'iam',
      CACHE_USER_ID: 'app-iam',
      CACHE_CACHE_NAME: stack.resolve(cache.serverlessCacheName),
      CACHE_SERVERLESS: 'true',
      CACHE_READ_ONLY: 'true',
      CACHE_ADDRESS: stack.resolve(cache.readerEndpoint.address),
      CACHE_PORT: stack.resolve(cache.cfnServerlessCache.attrReaderEndpointPort),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'elasticache:Connect' })]) },
    });
  });

  test('a serverless Memcached cache and a MemcachedCluster need no credentials; a user is refused', () => {
    const stack = newStack();
    const vpc = isolatedVpc(stack);
    const serverless = new ServerlessCache(stack, 'Memcached', { vpc, engine: ServerlessCacheEngine.MEMCACHED_1_6 });
    const cluster = new MemcachedCluster(stack, 'Cluster', { vpc });
    const fn = vpcFunction(stack, vpc);
    const serverlessAccess = serverless.grantAccess(fn, { environmentPrefix: 'SESSIONS' });
    const clusterAccess = cluster.grantAccess(fn);
    expect(serverlessAccess.grant).toBeUndefined();
    expect(stack.resolve(clusterAccess.environment)).toEqual({
      CACHE_ENDPOINT_KIND: 'memcached',
      CACHE_ADDRESS: stack.resolve(cluster.configurationEndpoint.address),
      CACHE_PORT: '11212',
      CACHE_TLS: 'true',
      CACHE_READ_ONLY: 'false',
      CACHE_AUTH_MODE: 'none',
      CACHE_REGION: { Ref: 'AWS::Region' },
    });
    expect(parseEnvironment({ ...clusterAccess.environment, CACHE_REGION: 'eu-west-1' }).problems).toEqual([]);
    expect(() => cluster.grantAccess(fn, { user: new CacheUser(stack, 'U', { userName: 'app' }) })).toThrow('[grant-access-user-mode]');
  });
});
