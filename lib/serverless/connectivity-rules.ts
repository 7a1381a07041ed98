import { aws_ec2 as ec2 } from 'aws-cdk-lib';
import { AuthenticationConfig, AuthenticationMode } from '../auth/authentication';
import { UserAuthenticationType } from '../auth/user';
import { PUBLIC_ENDPOINT, SERVERLESS_NETWORK_TYPES } from '../facts/serverless-connectivity';
import { ValidationProblem, problem } from '../shared/errors';
import { NetworkType } from '../shared/network-type';
import { isResolved } from '../shared/rule-table';
import { ServerlessConfig } from './config';
import { ServerlessCacheConnectionType } from './connection-type';
import { ServerlessCacheEngineName } from './engine';
import { ServerlessCacheProps } from './props';

/**
 * The checks of a serverless cache's connection type (VPC or public endpoint) and network type, used by the rule table
 * (validation-rules.ts) and, for the users of a public cache, after the authentication is bound (the users are known
 * only then). Sources: lib/facts/serverless-connectivity.ts.
 */

const PUBLIC = ServerlessCacheConnectionType.PUBLIC;
const isPublic = (config: ServerlessConfig): boolean => config.connectionType === PUBLIC;
const publicNeeds = `connectionType '${PUBLIC}' needs ElastiCache Serverless for ${PUBLIC_ENDPOINT.engine} ${PUBLIC_ENDPOINT.minimumVersion} or later`;
const publicAllowed = `use engine ServerlessCacheEngine.VALKEY_9 (or later), or connectionType '${ServerlessCacheConnectionType.VPC}'`;

/** `serverless-public-redis`: Redis OSS has no public endpoint. */
export function publicRedisProblem(config: ServerlessConfig): string | undefined {
  return isPublic(config) && config.engine.name === ServerlessCacheEngineName.REDIS
    ? `${publicNeeds}, but engine is ${config.engine.toString()} (Redis OSS has none): ${publicAllowed}`
    : undefined;
}

/** `serverless-public-memcached`: Memcached has no public endpoint (nor the IAM users it needs). */
export function publicMemcachedProblem(config: ServerlessConfig): string | undefined {
  return isPublic(config) && config.engine.name === ServerlessCacheEngineName.MEMCACHED
    ? `${publicNeeds}, but engine is ${config.engine.toString()} (Memcached has no IAM authentication): ${publicAllowed}`
    : undefined;
}

/** `serverless-public-valkey-version`: Valkey before 9.0 has no public endpoint. */
export function publicValkeyVersionProblem(config: ServerlessConfig): string | undefined {
  const { engine } = config;
  return isPublic(config) && engine.name === ServerlessCacheEngineName.VALKEY && !engine.isAtLeast(PUBLIC_ENDPOINT.minimumVersion)
    ? `${publicNeeds}, but engine is ${engine.toString()}: ${publicAllowed}`
    : undefined;
}

/** `serverless-public-network`: a public cache has no VPC endpoint, so no VPC, subnets or security groups. */
export function publicNetworkProblem(props: ServerlessCacheProps, config: ServerlessConfig): string | undefined {
  if (!isPublic(config)) return undefined;
  const given = (['vpc', 'vpcSubnets', 'securityGroups'] as const).filter((prop) => props[prop] !== undefined);
  return given.length > 0
    ? `connectionType '${PUBLIC}' has a public endpoint and no VPC endpoint: remove ${given.join(', ')} (allowed only with connectionType '${ServerlessCacheConnectionType.VPC}')`
    : undefined;
}

/** `serverless-vpc-required`: a VPC endpoint needs its VPC. */
export function vpcRequiredProblem(props: ServerlessCacheProps, config: ServerlessConfig): string | undefined {
  return !isPublic(config) && props.vpc === undefined
    ? `vpc is required with connectionType '${config.connectionType}': pass the VPC whose subnets hold the cache's endpoint, or use connectionType '${PUBLIC}' (Valkey 9.0+)`
    : undefined;
}

/** The IP versions a subnet created in this app has; undefined for an imported one (or one this check cannot read). */
function familiesOf(subnet: ec2.ISubnet): { ipv4: boolean; ipv6: boolean } | undefined {
  const cfn = subnet.node.defaultChild;
  if (!(cfn instanceof ec2.CfnSubnet) || !isResolved(cfn.ipv6Native)) return undefined;
  const ipv6Only = cfn.ipv6Native === true;
  return {
    ipv4: !ipv6Only && [cfn.cidrBlock, cfn.ipv4IpamPoolId, cfn.ipv4NetmaskLength].some((v) => v !== undefined),
    ipv6: [cfn.ipv6CidrBlock, cfn.ipv6IpamPoolId, cfn.ipv6NetmaskLength].some((v) => v !== undefined),
  };
}

/**
 * `serverless-network-type-subnets`: the subnets of the cache's VPC endpoint must carry the IP versions of its network
 * type (`SERVERLESS_NETWORK_TYPES.subnets`). Only subnets created in this app are checked; imported ones are skipped.
 */
export function networkTypeSubnetsProblem(config: ServerlessConfig, subnets: readonly ec2.ISubnet[] | undefined): string | undefined {
  const type = config.networkType;
  if (type === undefined || !subnets) return undefined;
  const known = subnets.flatMap((subnet) => {
    const families = familiesOf(subnet);
    return families ? [{ subnet, families }] : [];
  });
  const fits = (t: NetworkType, f: { ipv4: boolean; ipv6: boolean }): boolean =>
    t === NetworkType.IPV4 ? f.ipv4 : t === NetworkType.IPV6 ? f.ipv6 && !f.ipv4 : f.ipv4 && f.ipv6;
  const wrong = known.filter(({ families }) => !fits(type, families));
  if (wrong.length === 0) return undefined;
  const which = wrong.map(({ subnet }) => subnet.node.path).join(', ');
  const allowed = Object.values(NetworkType).filter((t) => known.every(({ families }) => fits(t, families)));
  const rule = (SERVERLESS_NETWORK_TYPES.subnets as Readonly<Record<string, string>>)[type];
  return `networkType '${type}' does not fit the subnets ${which} (${rule}): with these subnets use ${allowed.length > 0 ? allowed.map((t) => `'${t}'`).join(' or ') : 'no network type (they mix IP versions)'}, or choose other vpcSubnets`;
}

/**
 * `serverless-public-iam-users` (the mode): a public cache authenticates with IAM only. Unset authentication is fine:
 * the cache then uses ElastiCache's own IAM user group.
 */
export function publicModeProblem(props: ServerlessCacheProps, config: ServerlessConfig): string | undefined {
  const mode = props.authentication?.mode;
  return isPublic(config) && mode !== undefined && mode !== AuthenticationMode.IAM
    ? `connectionType '${PUBLIC}' needs IAM authentication, but authentication mode is '${mode}': use CacheAuthentication.iam(group) with a group whose users all authenticate with IAM, or leave authentication unset for ElastiCache's '${PUBLIC_ENDPOINT.systemUserGroupId}'`
    : undefined;
}

/**
 * `serverless-public-iam-users` (the users, once the authentication is bound): every user of a public cache's user
 * group must be an IAM user (ElastiCache refuses a public cache with any other). Users of an imported group that were
 * not given are not checked.
 */
export function publicUsersProblems(config: ServerlessConfig, auth: AuthenticationConfig | undefined): ValidationProblem[] {
  if (!isPublic(config) || auth?.mode !== AuthenticationMode.IAM) return [];
  const others = (auth.userGroup?.users ?? []).filter((user) => user.authenticationType !== UserAuthenticationType.IAM);
  if (others.length === 0) return [];
  const listed = others.map((user) => `${isResolved(user.userName) ? user.userName : user.node.path} (${user.authenticationType})`);
  return [
    problem(
      'serverless-public-iam-users',
      `connectionType '${PUBLIC}' needs a user group whose users all authenticate with IAM (UserAuthentication.iam()), but these do not: ${listed.join(', ')}. A CacheUserGroup needs a user named 'default', which cannot be an IAM user (an IAM user's id is its name, and ElastiCache's own user holds the id 'default'): use ElastiCache's own group '${PUBLIC_ENDPOINT.systemUserGroupId}' (leave authentication unset) or import a group of IAM users`,
    ),
  ];
}
