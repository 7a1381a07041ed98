/**
 * Test helper: the staleness accounting of the near-cache tests. A writer overwrites one key with `v1`, `v2`, ... and
 * records when each write was acknowledged; readers record what they read and when the read started. A read is
 * stale beyond a bound when the value it returned had been overwritten (acknowledged to the writer) more than the
 * bound before the read started.
 */
import type { Redis } from 'ioredis';

export interface Write {
  readonly value: string;
  /** Epoch ms when the server acknowledged the write. */
  readonly doneAt: number;
}

export interface Read {
  readonly value: string | null;
  /** Epoch ms when the read was started. */
  readonly startedAt: number;
}

export interface StaleRead extends Read {
  /** How long before the read started its value had been overwritten. */
  readonly staleMs: number;
}

/**
 * The reads that returned a value overwritten more than `boundMs` before they started, as a count with the worst and
 * the first few (a failure prints a readable summary, not every read).
 */
export function staleSummary(reads: readonly Read[], writes: readonly Write[], boundMs: number) {
  const stale = staleReads(reads, writes, boundMs);
  return { count: stale.length, worstMs: stale.reduce((worst, r) => Math.max(worst, r.staleMs), 0), first: stale.slice(0, 3) };
}

/** Zero stale reads, as {@link staleSummary} reports them. */
export const NONE_STALE = { count: 0, worstMs: 0, first: [] };

/** The reads that returned a value overwritten more than `boundMs` before they started. */
export function staleReads(reads: readonly Read[], writes: readonly Write[], boundMs: number): StaleRead[] {
  const index = new Map(writes.map((write, i) => [write.value, i]));
  const stale: StaleRead[] = [];
  for (const read of reads) {
    const i = read.value === null ? undefined : index.get(read.value);
    const overwrite = i === undefined ? undefined : writes[i + 1];
    if (overwrite && read.startedAt - overwrite.doneAt > boundMs) stale.push({ ...read, staleMs: read.startedAt - overwrite.doneAt });
  }
  return stale;
}

/**
 * Overwrites `key` with `v1`, `v2`, ... every `everyMs` until `stop()` returns true. `afterAck` runs before a write is
 * counted as done (see fixtures/tcp-proxy.ts).
 */
export async function writeUntil(
  redis: Redis,
  key: string,
  everyMs: number,
  stop: () => boolean,
  afterAck?: () => Promise<void>,
): Promise<Write[]> {
  const writes: Write[] = [];
  for (let i = 1; !stop(); i++) {
    const value = `v${i}`;
    await redis.set(key, value);
    await afterAck?.();
    writes.push({ value, doneAt: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return writes;
}

/** Reads `key` with `read` back to back (yielding to the event loop between reads) until `stop()` returns true. */
export async function readUntil(read: (key: string) => Promise<string | null>, key: string, stop: () => boolean): Promise<Read[]> {
  const reads: Read[] = [];
  while (!stop()) {
    const startedAt = Date.now();
    const value = await read(key).catch(() => null); // a failed read returns nothing, so nothing stale
    reads.push({ value, startedAt });
    await new Promise(setImmediate);
  }
  return reads;
}
