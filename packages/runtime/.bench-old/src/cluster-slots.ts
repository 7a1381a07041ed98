/**
 * Which node serves a key: the Redis Cluster hash slot of a key (CRC16/XMODEM of the key or of its `{hash tag}`,
 * mod 16384) and the client's current slot table. With cluster mode off every key lives on the one node.
 */
import { Cluster, type Redis } from 'ioredis';
import type { CacheClient } from './connection';

const SLOTS = 16384;
const CRC16_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    table[i] = crc & 0xffff;
  }
  return table;
})();

/** The hash slot of `key` (0-16383), honouring `{hash tags}` as the server does. */
export function keySlot(key: string): number {
  let bytes = Buffer.from(key);
  const open = bytes.indexOf(0x7b); // '{'
  if (open >= 0) {
    const close = bytes.indexOf(0x7d, open + 1); // '}'
    if (close > open + 1) bytes = bytes.subarray(open + 1, close);
  }
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ CRC16_TABLE[((crc >> 8) ^ byte) & 0xff];
  return crc % SLOTS;
}

/** The `keyPrefix` option ioredis prepends to every key the client sends ('' when unset). */
export function clientKeyPrefix(client: CacheClient): string {
  return client.options.keyPrefix ?? '';
}

/** The master serving `key`: its `host:port` (or `'standalone'`) and its connection; `undefined` while unknown. */
export function masterFor(client: CacheClient, key: string): { readonly id: string; readonly node: Redis } | undefined {
  if (!(client instanceof Cluster)) return { id: 'standalone', node: client };
  const id = client.slots[keySlot(clientKeyPrefix(client) + key)]?.[0];
  const node = id === undefined ? undefined : client.nodes('master').find((n) => nodeId(n) === id);
  return node && { id, node };
}

/** `host:port` of a node connection, the way ioredis names cluster nodes. */
export function nodeId(node: Redis): string {
  return `${node.options.host}:${node.options.port}`;
}

/**
 * Groups key indexes by the node set that serves their slot, then by slot: one group is one pipeline (one round
 * trip), one slot one multi-key command. With cluster mode off everything is one group and one "slot".
 */
export function groupBySlot(client: CacheClient, keys: readonly string[]): number[][][] {
  const groups = new Map<string, Map<number, number[]>>();
  const prefix = clientKeyPrefix(client);
  keys.forEach((key, index) => {
    const slot = client instanceof Cluster ? keySlot(prefix + key) : 0;
    const group = client instanceof Cluster ? (client.slots[slot]?.join(',') ?? '?') : 'standalone';
    let slots = groups.get(group);
    if (!slots) groups.set(group, (slots = new Map<number, number[]>()));
    const indexes = slots.get(slot);
    if (indexes) indexes.push(index);
    else slots.set(slot, [index]);
  });
  return [...groups.values()].map((slots) => [...slots.values()]);
}
