// Jest snapshot serializer: masks content hashes of assets so snapshots only change when the template does.
const ASSET_HASH = /[0-9a-f]{64}(\.zip|\.json)?/g;

function containsHash(value: string): boolean {
  ASSET_HASH.lastIndex = 0;
  return ASSET_HASH.test(value);
}

export function test(value: unknown): boolean {
  return typeof value === 'string' && containsHash(value);
}

export function serialize(value: string): string {
  return JSON.stringify(value.replace(ASSET_HASH, (_match, ext: string | undefined) => `[ASSET_HASH]${ext ?? ''}`));
}
