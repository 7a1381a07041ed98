import { Token } from 'aws-cdk-lib';

/**
 * An ElastiCache id (replication group, cache cluster, serverless cache) in the form the service stores it: lower
 * case (lib/facts/stored-identifiers.ts). An imported `Orders` is `orders` in its ARN, its metric dimensions and its
 * events; one form everywhere. A token is left alone (ids CloudFormation generates are lower case already).
 */
export function storedId(id: string): string {
  return Token.isUnresolved(id) ? id : id.toLowerCase();
}
