import { aws_ec2 as ec2 } from 'aws-cdk-lib';

/**
 * The `connections` of a cache: its security groups, with the cache's port (and, for a serverless cache, the reader
 * endpoint's next one) as the default port. `port` undefined (an import without one) leaves no default port.
 */
export function cacheConnections(securityGroups: ec2.ISecurityGroup[] | undefined, port: number | undefined, ports = 1): ec2.Connections {
  const defaultPort = port === undefined ? undefined : ports > 1 ? ec2.Port.tcpRange(port, port + ports - 1) : ec2.Port.tcp(port);
  return new ec2.Connections({ securityGroups, defaultPort });
}
