/**
 * What the runtime benchmarks share: rounds of calls with a fixed number in flight, interleaved sides, medians and
 * percentiles, and markdown tables.
 */

export const ROUNDS = 9;
/** Calls between two turns of the event loop in a round (about 0.5 ms of near-cache hits). */
const TURN_EVERY = 1_000;

export interface Round {
  readonly opsPerSec: number;
  readonly latenciesMs: ArrayLike<number>;
}

/** One thing measured: `run` measures one round of it. */
export interface Side {
  readonly name: string;
  readonly run: () => Promise<Round>;
  readonly rounds: Round[];
}

export const side = (name: string, run: () => Promise<Round>): Side => ({ name, run, rounds: [] });

/** How long a round lasts: long enough that a side's first, cache-cold calls do not decide its figure. */
export const ROUND_MS = 300;

/**
 * Runs `op` for `durationMs` with `concurrency` calls in flight; records the latency of one call in `sampleEvery` (and
 * checks the time then). Rounds last a fixed time, not a fixed count: at a fixed count a near-cache round would last a
 * few ms, mostly spent warming CPU caches the previous side evicted. Every TURN_EVERY calls the workers let the event
 * loop turn once (as a server's loop turns between requests): a near-cache hit resolves without I/O, and a round
 * that never yields would be an event-loop stall, which the near cache rightly answers by reading from the server
 * until a round trip proves its invalidations current (see near-cache/freshness.ts).
 */
export async function round(
  op: (i: number) => Promise<unknown>,
  concurrency: number,
  { durationMs = ROUND_MS, sampleEvery = 1 } = {},
): Promise<Round> {
  const latenciesMs: number[] = [];
  let next = 0;
  let completed = 0;
  let done = false;
  let turn: Promise<void> | undefined;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; !done; i = next++) {
      if (i > 0 && i % TURN_EVERY === 0) {
        turn ??= new Promise((resolve) =>
          setImmediate(() => {
            turn = undefined;
            resolve();
          }),
        );
      }
      if (turn) await turn;
      if (i % sampleEvery !== 0) {
        await op(i);
        completed++;
        continue;
      }
      const sent = performance.now();
      await op(i);
      completed++;
      latenciesMs.push(performance.now() - sent);
      done ||= sent - started >= durationMs;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { opsPerSec: completed / ((performance.now() - started) / 1000), latenciesMs };
}

/** A warm-up round of every side, then `rounds` interleaved rounds, each starting at a different side. */
export async function compare(sides: readonly Side[], rounds = ROUNDS): Promise<void> {
  for (const s of sides) {
    await s.run(); // JIT, connection buffers, near cache fill
    await new Promise(setImmediate);
  }
  for (let r = 0; r < rounds; r++) {
    for (let s = 0; s < sides.length; s++) {
      const next = sides[(r + s) % sides.length];
      next.rounds.push(await next.run());
      await new Promise(setImmediate);
    }
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const medianOps = (s: Side) => median(s.rounds.map((r) => r.opsPerSec));

function percentile(rounds: readonly Round[], p: number): number {
  const all = Float64Array.from(rounds.flatMap((r) => Array.from(r.latenciesMs))).sort();
  return all[Math.min(all.length - 1, Math.floor((all.length * p) / 100))];
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const row = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(40) : c.padStart(15))).join(' | ')} |`;

/** Median throughput and p50/p99 latency per side, then the named ratios of two sides' medians. */
export function printTable(title: string, unit: string, sides: readonly Side[], ratios: [string, Side, Side][]): void {
  console.log(row([title, `${unit} (med)`, 'p50 ms', 'p99 ms']));
  console.log(row(['---', '---:', '---:', '---:']));
  for (const s of sides) {
    console.log(row([s.name, fmt(medianOps(s)), fmt(percentile(s.rounds, 50), 3), fmt(percentile(s.rounds, 99), 3)]));
  }
  for (const [name, a, b] of ratios) console.log(row([name, `${fmt(medianOps(a) / medianOps(b), 2)}x`, '', '']));
  console.log('');
}
