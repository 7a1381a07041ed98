import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from './app';

/** `loadItem` over DynamoDB GetItem on partition key `pk`; `undefined` when there is no such item. */
export function createItemLoader(doc: DynamoDBDocumentClient, tableName: string): (id: string) => Promise<Item | undefined> {
  return async (id) => {
    const { Item: item } = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: id } }));
    return item;
  };
}
