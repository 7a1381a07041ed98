import { Stack, aws_ec2 as ec2 } from 'aws-cdk-lib';

/**
 * How a function in the cache's subnets reaches AWS APIs (Secrets Manager, ElastiCache, ...), and so which HTTPS
 * egress its security group needs.
 *
 * - Isolated subnets have no route out of the VPC: the only path is an interface endpoint, whose addresses are in
 *   the VPC CIDR. Egress: 443 to the VPC CIDR.
 * - Subnets with egress (a NAT): the API's public addresses through the NAT, or an endpoint if one exists (private
 *   DNS then resolves to VPC addresses, which 0.0.0.0/0 includes). Egress: 443 to anywhere.
 * - Subnets this VPC object does not classify (e.g. passed by id): treated like subnets with egress, which works on
 *   both paths, rather than the tighter rule that times out through a NAT.
 */
export enum AwsApiPath {
  /** Interface VPC endpoints only (isolated subnets). */
  VPC_ENDPOINTS = 'vpc-endpoints',
  /** A NAT gateway or instance, and any interface endpoints. */
  NAT = 'nat',
}

/** The path for functions placed in `subnets` of `vpc` (see {@link AwsApiPath}). */
export function awsApiPath(vpc: ec2.IVpc, subnets: ec2.SubnetSelection): AwsApiPath {
  const isolated = new Set(vpc.isolatedSubnets.map((subnet) => subnet.subnetId));
  const selected = vpc.selectSubnets(subnets).subnetIds;
  return selected.length > 0 && selected.every((id) => isolated.has(id)) ? AwsApiPath.VPC_ENDPOINTS : AwsApiPath.NAT;
}

/** Opens HTTPS egress from `securityGroup` for `path`: to the VPC CIDR for endpoints, to anywhere through a NAT. */
export function allowAwsApiEgress(securityGroup: ec2.SecurityGroup, vpc: ec2.IVpc, path: AwsApiPath): void {
  if (path === AwsApiPath.VPC_ENDPOINTS) {
    securityGroup.addEgressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(443), 'AWS APIs through interface VPC endpoints');
  } else {
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs through the NAT (or interface VPC endpoints)');
  }
}

/**
 * Which of `services` (endpoint service suffixes: `secretsmanager`, `elasticache`) have no interface endpoint in
 * `vpc`, a VPC defined in this app, among the endpoints of its stack. Call it at synth (from an aspect): endpoints are
 * usually added after the resources that need them.
 */
export function missingInterfaceEndpoints(vpc: ec2.Vpc, services: readonly string[]): string[] {
  const stack = Stack.of(vpc);
  const vpcId = JSON.stringify(stack.resolve(vpc.vpcId));
  const present = stack.node
    .findAll()
    .filter((c): c is ec2.CfnVPCEndpoint => c instanceof ec2.CfnVPCEndpoint && c.vpcEndpointType === 'Interface')
    .filter((endpoint) => JSON.stringify(stack.resolve(endpoint.vpcId)) === vpcId)
    .map((endpoint) => JSON.stringify(stack.resolve(endpoint.serviceName)));
  return services.filter((service) => !present.some((name) => name.includes(`.${service}"`)));
}

/**
 * Whether every one of `subnetIds` (as a template has them) is an isolated subnet of `vpc`: no route out of the VPC, so
 * AWS APIs are reachable only through interface endpoints. False for an empty list or a subnet `vpc` does not know.
 */
export function allIsolated(vpc: ec2.IVpc, subnetIds: readonly string[]): boolean {
  const stack = Stack.of(vpc);
  const key = (id: string) => JSON.stringify(stack.resolve(id));
  const isolated = new Set(vpc.isolatedSubnets.map((subnet) => key(subnet.subnetId)));
  return subnetIds.length > 0 && subnetIds.every((id) => isolated.has(key(id)));
}
