/**
 * How clients reach an ElastiCache Serverless cache: the connection type (a VPC endpoint or a public endpoint) and the
 * network type (IPv4, IPv6, dual stack), each with its source. Both are chosen at creation only: ModifyServerlessCache
 * takes neither (replacement.ts lists them as replacing).
 */
import { CHECKED, FactSource } from './fact-source';

const DG = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg';

/** A fact with its sources. */
interface Sourced {
  readonly sources: readonly FactSource[];
}

/** What ElastiCache requires of a serverless cache with a public endpoint (`ConnectionType: public`). */
export const PUBLIC_ENDPOINT: Sourced & {
  readonly engine: string;
  readonly minimumVersion: string;
  readonly connectionTypes: readonly string[];
  readonly conditionKey: string;
  readonly systemUserGroupId: string;
  readonly systemUserId: string;
} = {
  /** The one engine that offers it, and the first version. */
  engine: 'valkey',
  minimumVersion: '9.0',
  /** The CloudFormation / API values of ConnectionType. */
  connectionTypes: ['vpc', 'public'],
  /** The IAM condition key that decides who may create a cache with a public endpoint. */
  conditionKey: 'elasticache:ConnectionType',
  /**
   * The user group ElastiCache manages in every account for public caches, and its one user (IAM-authenticated):
   * a cache can use it instead of a group of its own.
   */
  systemUserGroupId: 'default.iam-user-group',
  systemUserId: 'default.iam-user',
  sources: [
    {
      url: `${DG}/serverless-public-endpoints-chapter.html`,
      checked: CHECKED,
      quote:
        'With a public endpoint, you can connect to an ElastiCache Serverless cache directly over the internet without a VPC. ' +
        'Public endpoints are available on ElastiCache Serverless for Valkey 9.0 or later. [...] This permission can be ' +
        'restricted using the elasticache:ConnectionType condition key. [...] you can use the system-managed IAM user ' +
        '(default.iam-user) and user group (default.iam-user-group) [...] To use a custom user group, first create a user ' +
        'group where all users use IAM authentication, then create the cache.',
    },
    {
      url: `${DG}/connecting-public-endpoint.html`,
      checked: CHECKED,
      quote:
        'All public endpoint connections require IAM authentication and TLS 1.3. [...] Create an IAM policy that allows the ' +
        'elasticache:Connect action on the ElastiCache cache and ElastiCache user',
    },
    {
      url: 'https://docs.aws.amazon.com/botocore/latest/reference/services/elasticache/client/create_serverless_cache.html',
      checked: CHECKED,
      quote: "NetworkType='ipv4'|'ipv6'|'dual_stack', ConnectionType='vpc'|'public'",
    },
  ],
};

/** The subnets each serverless network type needs (the cache's VPC endpoint takes its addresses from them). */
export const SERVERLESS_NETWORK_TYPES: Sourced & {
  readonly values: readonly string[];
  readonly subnets: Readonly<Record<'ipv4' | 'ipv6' | 'dual_stack', string>>;
} = {
  /** Every engine and major version ElastiCache Serverless runs offers all three; the page names no engine limit. */
  values: ['ipv4', 'ipv6', 'dual_stack'],
  subnets: {
    ipv4: 'Subnets must have IPv4 address space. Dual stack subnets (with both IPv4 and IPv6) are also supported.',
    ipv6: 'Subnets must be IPv6-only. Dual stack subnets are not supported.',
    dual_stack: 'Subnets must have both IPv4 and IPv6 address space.',
  },
  sources: [
    {
      url: `${DG}/serverless-network-type.html`,
      checked: CHECKED,
      quote:
        'ElastiCache serverless caches support the Internet Protocol versions 4 and 6 (IPv4 and IPv6). [...] The network type ' +
        'can only be set when creating a serverless cache. You cannot change the network type after the cache is created. ' +
        '[...] If you do not specify a network type, ElastiCache defaults to IPv4 unless all provided subnets are IPv6-only, ' +
        'in which case it defaults to IPv6.',
    },
  ],
};
