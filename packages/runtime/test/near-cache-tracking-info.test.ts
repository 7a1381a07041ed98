import { trackingMismatch } from '../src/near-cache/tracking-info';

// RESP2 replies of CLIENT TRACKINGINFO, as Redis OSS 7.0 sends them.
const info = (flags: string[], redirect: number, prefixes: string[]) => ['flags', flags, 'redirect', redirect, 'prefixes', prefixes];
const expected = { redirect: 42, prefixes: ['a:', 'b:'] };

test('confirms tracking on, in BCAST mode, redirected to the subscriber, with the prefixes asked for (any order)', () => {
  expect(trackingMismatch(info(['on', 'bcast'], 42, ['b:', 'a:']), expected)).toBeUndefined();
  // Without PREFIX arguments (every key), the server reports the one prefix ''.
  expect(trackingMismatch(info(['on', 'bcast'], 42, ['']), { redirect: 42, prefixes: [] })).toBeUndefined();
  expect(trackingMismatch(info(['on', 'bcast'], 42, []), { redirect: 42, prefixes: [] })).toMatch(/prefixes are \[\], not \[""\]/);
});

test.each([
  ['tracking is off', info(['off'], -1, []), /tracking is off/],
  ['not BCAST', info(['on'], 42, ['a:', 'b:']), /not in BCAST mode/],
  ['the subscriber is gone', info(['on', 'bcast', 'broken_redirect'], 42, ['a:', 'b:']), /broken_redirect/],
  ['another redirect', info(['on', 'bcast'], 7, ['a:', 'b:']), /go to connection 7, not 42/],
  ['other prefixes', info(['on', 'bcast'], 42, ['a:']), /prefixes are \["a:"\], not \["a:","b:"\]/],
  ['no reply at all', 'OK', /tracking is off/],
])('refuses when %s', (_, reply, reason) => {
  expect(trackingMismatch(reply, expected)).toMatch(reason);
});
