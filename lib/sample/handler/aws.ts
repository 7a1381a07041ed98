import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Item } from './app';

/** `loadItem` over DynamoDB GetItem on partition key `pk`; `undefined` when there is no such item. */
export function createItemLoader(doc: DynamoDBDocumentClient, tableName: string): (id: string) => Promise<Item | undefined> {
  return async (id) => {
    const { Item: item } = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: id } }));
    return item;
  };
}

/** Fetches the cache AUTH token: the secret's SecretString, verbatim. */
export async function fetchAuthToken(secrets: SecretsManagerClient, secretArn: string): Promise<string> {
  const { SecretString: token } = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!token) throw new Error(`secret ${secretArn} has no SecretString`);
  return token;
}
