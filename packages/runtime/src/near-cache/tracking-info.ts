/**
 * Reads a `CLIENT TRACKINGINFO` reply (Redis OSS 6.2+, Valkey) and says whether tracking is in place as the near cache
 * set it up: on, in BCAST mode, redirected to the expected connection (that still exists), with exactly the expected
 * prefixes. RESP2 reply: `['flags', ['on', 'bcast', ...], 'redirect', <id>, 'prefixes', [...]]`.
 */

/** What the near cache asked for. */
export interface ExpectedTracking {
  /** CLIENT ID of the connection that receives the invalidations. */
  readonly redirect: number;
  /** The PREFIX arguments; none tracks every key, which the server reports as the one prefix ''. */
  readonly prefixes: readonly string[];
}

/** `undefined` when the reply shows tracking as expected, else why not (for logs and errors). */
export function trackingMismatch(reply: unknown, expected: ExpectedTracking): string | undefined {
  const fields = new Map<string, unknown>();
  if (Array.isArray(reply)) for (let i = 0; i + 1 < reply.length; i += 2) fields.set(String(reply[i]), reply[i + 1]);
  const flags = strings(fields.get('flags'));
  const prefixes = strings(fields.get('prefixes'));
  const redirect = Number(fields.get('redirect'));
  const wanted = expected.prefixes.length === 0 ? [''] : [...new Set(expected.prefixes)].sort();
  if (!flags.includes('on')) return `tracking is off (flags: ${flags.join(',') || 'none'})`;
  if (!flags.includes('bcast')) return `tracking is not in BCAST mode (flags: ${flags.join(',')})`;
  if (flags.includes('broken_redirect')) return `the invalidation connection ${redirect} is gone (broken_redirect)`;
  if (redirect !== expected.redirect) return `invalidations go to connection ${redirect}, not ${expected.redirect}`;
  if (JSON.stringify(prefixes.sort()) !== JSON.stringify(wanted))
    return `tracked prefixes are ${JSON.stringify(prefixes)}, not ${JSON.stringify(wanted)}`;
  return undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => (Buffer.isBuffer(item) ? item.toString() : String(item))) : [];
}
