/**
 * cdk-nag's AwsSolutions-SMG4 ("the secret does not have automatic rotation scheduled") fires on every RBAC user
 * password; with `UserAuthentication.password({ rotation })` the secret has a rotation schedule, and the four packs
 * pass with no SMG4 acknowledgement anywhere.
 */
import { App, RemovalPolicy, Stack, aws_ec2 as ec2, aws_iam as iam, aws_kms as kms, aws_logs as logs } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { addCompliancePacks } from '../../bin/sample-app-factory';
import { CacheAuthentication, CacheUser, CacheUserGroup, ReplicationGroup, UserAuthentication, UserPasswordRotation } from '../../lib';
import { allowCloudWatchLogs } from '../../lib/logs/log-encryption-key';
import { synthValidationReport } from '../helpers/validation-report';

/**
 * A replication group with one RBAC password user, in a VPC that passes the packs on its own (flow logs to an
 * encrypted log group, no default security group rules, the interface endpoints the rotation Lambda calls).
 */
function rbacApp(outdir: string, rotation: boolean): { app: App; stack: Stack } {
  const app = new App({ outdir, context: { 'aws:cdk:version-reporting': false } });
  addCompliancePacks(app);
  const stack = new Stack(app, 'RotatedPassword');
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'cache', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    restrictDefaultSecurityGroup: true,
  });
  const flowLogKey = new kms.Key(stack, 'FlowLogKey', { enableKeyRotation: true });
  const flowLogs = new logs.LogGroup(stack, 'FlowLogs', {
    retention: logs.RetentionDays.ONE_YEAR,
    encryptionKey: flowLogKey,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  allowCloudWatchLogs(stack, flowLogKey);
  const flowLogRole = new iam.Role(stack, 'FlowLogRole', { assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com') });
  new iam.ManagedPolicy(stack, 'FlowLogPolicy', {
    roles: [flowLogRole],
    statements: [
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [flowLogs.logGroupArn],
      }),
    ],
  });
  vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs, flowLogRole.withoutPolicyUpdates()) });
  // HIPAA / NIST / PCI ask for a customer-managed key on every secret.
  const secretKey = new kms.Key(stack, 'SecretKey', { enableKeyRotation: true });
  const user = new CacheUser(stack, 'App', {
    userName: 'app',
    authentication: UserAuthentication.password({ encryptionKey: secretKey, rotation: rotation ? {} : undefined }),
  });
  const users = new CacheUserGroup(stack, 'Users', { users: [user] });
  new ReplicationGroup(stack, 'Cache', { vpc, authentication: CacheAuthentication.rbac(users) });
  // The endpoints the rotation Lambda calls, open to it alone on 443 (as the sample opens them to its Lambdas).
  for (const service of [ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER, ec2.InterfaceVpcEndpointAwsService.ELASTICACHE]) {
    const endpoint = vpc.addInterfaceEndpoint(service.shortName, { service, open: false });
    const rotationFunction = UserPasswordRotation.of(user)?.function;
    if (rotationFunction) endpoint.connections.allowDefaultPortFrom(rotationFunction);
  }
  return { app, stack };
}

/**
 * The SMG4 acknowledgements recorded on the rotated user and its secret (`Validations.of(x).acknowledge` writes one
 * per rule as metadata). The group's disabled `default` user has a password secret of its own, acknowledged because
 * it authenticates nothing (lib/auth/user-group.ts): not the user under test.
 */
function smg4Acknowledgements(user: IConstruct): string[] {
  const metadata = user.node.findAll().flatMap((construct) => construct.node.metadata);
  return JSON.stringify(metadata).match(/AwsSolutions-SMG4[^"]*/g) ?? [];
}

describe('cdk-nag AwsSolutions-SMG4 and a rotated RBAC password', () => {
  test('a password user with rotation passes the four packs, with no SMG4 acknowledgement', () => {
    let rotated: IConstruct | undefined;
    const { error, findings } = synthValidationReport((outdir) => {
      const { app, stack } = rbacApp(outdir, true);
      rotated = stack.node.findChild('App');
      return app;
    });
    expect(findings).toEqual([]);
    expect(error).toBeUndefined();
    expect(rotated!.node.findAll().some((c) => c.node.id === 'Password')).toBe(true);
    expect(smg4Acknowledgements(rotated!)).toEqual([]);
  });

  test('control: without rotation, the same app fails SMG4 (and the HIPAA / NIST rotation rules) on the password secret', () => {
    const { findings } = synthValidationReport((outdir) => rbacApp(outdir, false).app);
    expect(findings).toEqual([
      'AwsSolutions: AwsSolutions-SMG4',
      'HIPAA.Security: HIPAA.Security-SecretsManagerRotationEnabled',
      'NIST.800.53.R5: NIST.800.53.R5-SecretsManagerRotationEnabled',
    ]);
  });
});
