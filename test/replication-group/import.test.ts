import { Template } from 'aws-cdk-lib/assertions';
import { aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { ReplicationGroup } from '../../lib';
import { isolatedVpc, newStack } from '../helpers/stacks';

describe('ReplicationGroup.fromReplicationGroupAttributes', () => {
  test('exposes the supplied attributes, the ARN and connections', () => {
    const stack = newStack();
    const vpc = isolatedVpc(stack);
    const sg = new ec2.SecurityGroup(stack, 'CacheSg', { vpc });
    const client = new ec2.SecurityGroup(stack, 'ClientSg', { vpc });
    const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Imported', {
      replicationGroupId: 'orders-cache',
      securityGroups: [sg],
      port: 6390,
      primaryEndpointAddress: 'master.orders-cache.abc.use1.cache.amazonaws.com',
      readerEndpointAddress: 'replica.orders-cache.abc.use1.cache.amazonaws.com',
    });
    cache.connections.allowDefaultPortFrom(client);

    expect(cache.replicationGroupId).toBe('orders-cache');
    expect(cache.replicationGroupRef).toEqual({ replicationGroupId: 'orders-cache' });
    expect(cache.primaryEndpoint.socketAddress).toBe('master.orders-cache.abc.use1.cache.amazonaws.com:6390');
    expect(cache.readerEndpoint.address).toBe('replica.orders-cache.abc.use1.cache.amazonaws.com');
    expect(stack.resolve(cache.replicationGroupArn)).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':elasticache:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':replicationgroup:orders-cache',
        ],
      ],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 6390, ToPort: 6390 });
  });

  test('throws a clear error for attributes that were not supplied', () => {
    const stack = newStack();
    const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Imported', { replicationGroupId: 'orders-cache' });
    expect(() => cache.port).toThrow(
      "imported replication group 'orders-cache': missing attribute:\n  - [imported-port] it has no port: pass it to ReplicationGroup.fromReplicationGroupAttributes()",
    );
    expect(() => cache.configurationEndpoint).toThrow(/has no configurationEndpointAddress/);
    expect(cache.authTokenSecret).toBeUndefined();
  });

  test('grant() gives the actions on the imported ARN', () => {
    const stack = newStack();
    const cache = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Imported', { replicationGroupId: 'orders-cache' });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    cache.grant(role, 'elasticache:DescribeReplicationGroups');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'elasticache:DescribeReplicationGroups',
            Effect: 'Allow',
            Resource: stack.resolve(cache.replicationGroupArn),
          },
        ],
      },
    });
  });
});
