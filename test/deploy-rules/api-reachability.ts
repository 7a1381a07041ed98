/**
 * Rule: every Lambda in a VPC can reach, on HTTPS, each AWS API its code calls: through an interface endpoint in its
 * VPC (security groups open both ways), a gateway endpoint on its route tables, or a NAT route. Without one, the SDK
 * call times out at run time (e.g. a rotation that never completes), which no deploy reports.
 * The APIs a function calls are read from its role's permissions.
 */
import {
  CfnResource,
  CfnTemplate,
  PolicyStatementJson,
  allowedActions,
  functionRoleId,
  resourcesOfType,
  rolePolicies,
  targetOf,
} from './template-model';

/** Actions the Lambda service performs with the role, not the function's code; and calls made through a service. */
const NOT_CALLED_BY_CODE =
  /^(ec2:(CreateNetworkInterface|DescribeNetworkInterfaces|DeleteNetworkInterface|AssignPrivateIpAddresses|UnassignPrivateIpAddresses)|logs:.*|xray:.*)$/i;

/** Services reached through gateway endpoints (route-table entries, not addresses in the VPC). */
const GATEWAY_SERVICES = new Set(['dynamodb', 's3']);

interface Egress {
  readonly protocol: string;
  readonly from: number;
  readonly to: number;
  readonly cidr?: unknown;
  readonly securityGroup?: string;
  readonly prefixList?: unknown;
}

const HTTPS = 443;

function coversHttps(rule: Egress): boolean {
  return (
    (rule.protocol === '-1' || rule.protocol === 'tcp' || rule.protocol === '6') &&
    (rule.protocol === '-1' || (rule.from <= HTTPS && rule.to >= HTTPS))
  );
}

function toRule(raw: Record<string, unknown>, peerKey: 'DestinationSecurityGroupId' | 'SourceSecurityGroupId'): Egress {
  return {
    protocol: String(raw.IpProtocol),
    from: Number(raw.FromPort ?? -1),
    to: Number(raw.ToPort ?? -1),
    cidr: raw.CidrIp,
    securityGroup: targetOf(raw[peerKey]),
    prefixList: raw.DestinationPrefixListId,
  };
}

/** Inline and separate egress (or ingress) rules of a security group. */
function rulesOf(template: CfnTemplate, groupId: string, direction: 'egress' | 'ingress'): Egress[] {
  const [inlineKey, type, peerKey] =
    direction === 'egress'
      ? (['SecurityGroupEgress', 'AWS::EC2::SecurityGroupEgress', 'DestinationSecurityGroupId'] as const)
      : (['SecurityGroupIngress', 'AWS::EC2::SecurityGroupIngress', 'SourceSecurityGroupId'] as const);
  const inline = [template.Resources[groupId]?.Properties?.[inlineKey] ?? []].flat() as Record<string, unknown>[];
  const separate = resourcesOfType(template, type)
    .filter(([, r]) => targetOf(r.Properties?.GroupId) === groupId)
    .map(([, r]) => r.Properties ?? {});
  return [...inline, ...separate].map((raw) => toRule(raw, peerKey));
}

const isAnywhere = (cidr: unknown): boolean => cidr === '0.0.0.0/0';
/** A CIDR that covers the VPC's addresses: anywhere, or the VPC's own CIDR block attribute. */
const coversVpc = (cidr: unknown, vpcId: string): boolean =>
  isAnywhere(cidr) || JSON.stringify(cidr) === JSON.stringify({ 'Fn::GetAtt': [vpcId, 'CidrBlock'] });

/** The services (IAM prefixes) whose APIs the function's code calls, from its role's permissions. */
function calledServices(template: CfnTemplate, fn: CfnResource): Set<string> {
  const roleId = functionRoleId(fn);
  const statements = rolePolicies(template)
    .filter((policy) => roleId !== undefined && policy.roleIds.includes(roleId))
    .flatMap((policy) => policy.statements);
  const viaService = (s: PolicyStatementJson) => Object.values(s.Condition ?? {}).some((operator) => 'kms:ViaService' in operator);
  return new Set(
    statements
      .filter((s) => !viaService(s))
      .flatMap(allowedActions)
      .filter((action) => !NOT_CALLED_BY_CODE.test(action))
      .map((action) => action.split(':')[0].toLowerCase()),
  );
}

interface FunctionNetwork {
  readonly vpcId: string;
  readonly securityGroups: string[];
  readonly routeTables: string[];
}

function networkOf(template: CfnTemplate, fn: CfnResource): FunctionNetwork | undefined {
  const config = fn.Properties?.VpcConfig as { SubnetIds?: unknown[]; SecurityGroupIds?: unknown[] };
  const subnets = (config.SubnetIds ?? []).map(targetOf);
  if (subnets.length === 0 || subnets.some((s) => s === undefined || !template.Resources[s])) return undefined;
  const vpcId = targetOf(template.Resources[subnets[0]!].Properties?.VpcId);
  const routeTables = subnets.map(
    (subnet) =>
      resourcesOfType(template, 'AWS::EC2::SubnetRouteTableAssociation')
        .filter(([, a]) => targetOf(a.Properties?.SubnetId) === subnet)
        .map(([, a]) => targetOf(a.Properties?.RouteTableId))[0],
  );
  if (!vpcId || routeTables.some((t) => t === undefined)) return undefined;
  const securityGroups = (config.SecurityGroupIds ?? []).map(targetOf).filter((g): g is string => g !== undefined);
  return { vpcId, securityGroups, routeTables: routeTables as string[] };
}

function egressOf(template: CfnTemplate, network: FunctionNetwork): Egress[] {
  return network.securityGroups.flatMap((group) => rulesOf(template, group, 'egress')).filter(coversHttps);
}

function throughNat(template: CfnTemplate, network: FunctionNetwork, egress: Egress[]): boolean {
  const natTables = new Set(
    resourcesOfType(template, 'AWS::EC2::Route')
      .filter(([, r]) => isAnywhere(r.Properties?.DestinationCidrBlock) && r.Properties?.NatGatewayId !== undefined)
      .map(([, r]) => targetOf(r.Properties?.RouteTableId)),
  );
  return network.routeTables.every((table) => natTables.has(table)) && egress.some((rule) => isAnywhere(rule.cidr));
}

function endpointsFor(template: CfnTemplate, network: FunctionNetwork, service: string): [string, CfnResource][] {
  return resourcesOfType(template, 'AWS::EC2::VPCEndpoint').filter(
    ([, e]) => targetOf(e.Properties?.VpcId) === network.vpcId && JSON.stringify(e.Properties?.ServiceName).includes(`.${service}"`),
  );
}

function throughInterfaceEndpoint(template: CfnTemplate, network: FunctionNetwork, egress: Egress[], service: string): boolean {
  return endpointsFor(template, network, service)
    .filter(([, e]) => e.Properties?.VpcEndpointType === 'Interface' && e.Properties?.PrivateDnsEnabled !== false)
    .some(([, endpoint]) => {
      const endpointGroups = [endpoint.Properties?.SecurityGroupIds ?? []].flat().map(targetOf);
      const out = egress.some(
        (rule) => coversVpc(rule.cidr, network.vpcId) || (rule.securityGroup !== undefined && endpointGroups.includes(rule.securityGroup)),
      );
      const ingress = endpointGroups.flatMap((group) => (group ? rulesOf(template, group, 'ingress') : [])).filter(coversHttps);
      const inbound = ingress.some(
        (rule) =>
          coversVpc(rule.cidr, network.vpcId) || (rule.securityGroup !== undefined && network.securityGroups.includes(rule.securityGroup)),
      );
      return out && inbound;
    });
}

function throughGatewayEndpoint(template: CfnTemplate, network: FunctionNetwork, egress: Egress[], service: string): boolean {
  if (!GATEWAY_SERVICES.has(service)) return false;
  return endpointsFor(template, network, service)
    .filter(([, e]) => (e.Properties?.VpcEndpointType ?? 'Gateway') === 'Gateway')
    .some(([, endpoint]) => {
      const tables = [endpoint.Properties?.RouteTableIds ?? []].flat().map(targetOf);
      const routed = network.routeTables.every((table) => tables.includes(table));
      return routed && egress.some((rule) => isAnywhere(rule.cidr) || rule.prefixList !== undefined);
    });
}

/** The deploy rule (see the file comment). */
export function vpcFunctionsReachTheirApis(template: CfnTemplate): string[] {
  const violations: string[] = [];
  for (const [id, fn] of resourcesOfType(template, 'AWS::Lambda::Function').filter(([, f]) => f.Properties?.VpcConfig)) {
    const network = networkOf(template, fn);
    if (!network) {
      violations.push(`${id}: its subnets or route tables are not in this template, so its path to AWS APIs cannot be checked`);
      continue;
    }
    const egress = egressOf(template, network);
    for (const service of calledServices(template, fn)) {
      const reachable =
        throughNat(template, network, egress) ||
        throughInterfaceEndpoint(template, network, egress, service) ||
        throughGatewayEndpoint(template, network, egress, service);
      if (!reachable) {
        violations.push(
          `${id} calls ${service} but cannot reach it on 443: no endpoint its security groups open both ways, and no NAT route with egress to 0.0.0.0/0`,
        );
      }
    }
  }
  return violations;
}
