import { LocalEntry, LruStore } from '../src/near-cache/lru-store';

const entry = (value: string, expiresAt = Infinity): LocalEntry => ({ value, bytes: value.length, expiresAt });

test('evicts the least recently used entry first; a hit on an entry in the older half moves it', () => {
  const store = new LruStore(3, 1_000);
  for (const key of ['1', '2', '3']) store.set(key, entry(key));
  expect(store.get('1', 0)?.value).toBe('1'); // oldest of 3: moved to the newest end
  store.set('4', entry('4'));
  expect([store.get('2', 0), store.evictions, store.size]).toEqual([undefined, 1, 3]);
  expect(['1', '3', '4'].map((key) => store.get(key, 0)?.value)).toEqual(['1', '3', '4']);
});

test('a hit on an entry in the newer half leaves the order alone (no Map write on the hot path)', () => {
  const store = new LruStore(4, 1_000);
  for (const key of ['1', '2', '3', '4']) store.set(key, entry(key));
  store.get('4', 0); // newest: not moved
  store.set('5', entry('5'));
  expect(store.get('1', 0)).toBeUndefined(); // still the oldest, evicted
});

test('stays within maxBytes, never keeps an entry larger than it, and drops expired entries', () => {
  const store = new LruStore(10, 10);
  store.set('a', entry('aaaaaa'));
  store.set('b', entry('bbbbbb'));
  expect([store.size, store.bytes]).toEqual([1, 6]);
  store.set('huge', entry('x'.repeat(11)));
  expect(store.get('huge', 0)).toBeUndefined();
  store.set('c', entry('c', 100));
  expect(store.get('c', 99)?.value).toBe('c');
  expect(store.get('c', 100)).toBeUndefined();
  expect(store.bytes).toBe(6);
});
