import type { CacheClient } from '../connection';

/** A value and its remaining time to live as the server reported it. */
export interface ValueWithTtl {
  readonly value: string | null;
  /** PTTL: milliseconds left, -1 without expiry, -2 when the key was gone by then. */
  readonly pttl: number;
}

/**
 * GET and PTTL of `key` in one round trip: both are written together on the connection of the key's node and answered
 * in order. Not atomic: a write between them changes the TTL, but it is also reported as an invalidation, which drops
 * the entry (or keeps it from being stored). The near cache uses the PTTL so that a local entry never outlives the key.
 */
export function readWithTtl(client: CacheClient, key: string): Promise<ValueWithTtl> {
  return Promise.all([client.get(key), client.pttl(key)]).then(([value, pttl]) => ({ value, pttl }));
}
