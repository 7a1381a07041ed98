import { LOOP_TICK_MS, watchLoop } from './loop-watch';

/**
 * When the near cache may answer from memory: only while there is recent evidence that every invalidation the server
 * sent has been processed. Two kinds of evidence, both timestamps on the `performance.now()` clock:
 *
 * - **The event loop reads sockets** (loop-watch.ts): a timer fires every 5 ms and schedules an immediate; when the
 *   immediate runs, a poll phase has run since the timer fired, so every invalidation that had reached the socket by
 *   then has been handled. Local hits are served while that proof is at most {@link STALL_BOUND_MS} old.
 * - **Round trips on the invalidation connections.** A PING answered on a subscriber connection proves that every
 *   invalidation the server sent before it has been processed: replies and invalidations arrive in order there.
 *   Heartbeats prove it every `heartbeatMs`; without one for 2 × `heartbeatMs` (a frozen Lambda container, a lost
 *   network) the local cache must be flushed.
 *
 * **The stall fence.** When the loop proof is older than the bound (a synchronous task, a GC pause, a starved
 * process: invalidations may be waiting unread on the socket, or held back by TCP flow control in the server's
 * buffers), local hits are suspect. They stay off until a round trip sent after the stall has been answered on every
 * connection; the loop proof alone cannot lift the fence.
 *
 * So, outside a stall, no local read returns a value overwritten more than STALL_BOUND_MS (plus the network delay of
 * the invalidation) before it; after a stall, none until the round trip is back.
 */

/**
 * Longest age of the event-loop proof for a local hit, and so the shortest stall that raises the fence: 20 ms, four
 * ticks, so that timers firing up to 15 ms late do not raise it, while a read is never served more than 20 ms behind
 * the invalidations that reached the host.
 */
export const STALL_BOUND_MS = 4 * LOOP_TICK_MS;

export interface FreshnessEvents {
  /** A stall raised the fence: send a round trip on every invalidation connection. */
  fence(): void;
}

export class Freshness {
  /** Local hits may be served while `performance.now()` is at most this; -Infinity while they may not. */
  servableUntil = -Infinity;
  private enabled = false;
  private loopProvenAt = performance.now();
  /** Per invalidation connection, when the latest answered round trip was sent. */
  private readonly proofs = new Map<string, number>();
  private fenceRaisedAt: number | undefined;
  private readonly stopWatching: () => void;

  constructor(
    private readonly heartbeatMs: number,
    private readonly events: FreshnessEvents,
  ) {
    this.stopWatching = watchLoop((firedAt) => this.loopProven(firedAt));
  }

  /** Whether every shard is tracking (decided by the near cache). */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.update();
  }

  /** A round trip on connection `id`, sent at `sentAt`, was answered. */
  proven(id: string, sentAt: number): void {
    this.proofs.set(id, Math.max(this.proofs.get(id) ?? -Infinity, sentAt));
    const raisedAt = this.fenceRaisedAt;
    if (raisedAt !== undefined && [...this.proofs.values()].every((at) => at >= raisedAt)) {
      this.fenceRaisedAt = undefined;
      this.loopProvenAt = Math.max(this.loopProvenAt, this.oldestProof());
    }
    this.update();
  }

  /** Connection `id` is gone. */
  forget(id: string): void {
    this.proofs.delete(id);
    this.update();
  }

  get fenced(): boolean {
    return this.fenceRaisedAt !== undefined;
  }

  /**
   * Why no local hit at `now` (past {@link servableUntil}). Raises the fence when the event loop stalled; returns
   * `flush` when heartbeats stopped arriving, so that the caller drops the local cache.
   */
  refuse(now: number): 'flush' | 'wait' {
    if (!this.enabled || this.fenceRaisedAt !== undefined) return 'wait';
    if (now - this.oldestProof() > 2 * this.heartbeatMs) return 'flush';
    if (now - this.loopProvenAt > STALL_BOUND_MS) this.raise(now);
    return 'wait';
  }

  close(): void {
    this.stopWatching();
  }

  private loopProven(firedAt: number): void {
    if (this.fenceRaisedAt !== undefined) return; // only a round trip lifts the fence
    if (firedAt - this.loopProvenAt > STALL_BOUND_MS && this.enabled) this.raise(firedAt);
    else this.loopProvenAt = Math.max(this.loopProvenAt, firedAt);
    this.update();
  }

  private raise(at: number): void {
    this.fenceRaisedAt = at;
    this.update();
    this.events.fence();
  }

  private oldestProof(): number {
    return this.proofs.size === 0 ? -Infinity : Math.min(...this.proofs.values());
  }

  private update(): void {
    const open = this.enabled && this.fenceRaisedAt === undefined && this.proofs.size > 0;
    this.servableUntil = open ? Math.min(this.loopProvenAt + STALL_BOUND_MS, this.oldestProof() + 2 * this.heartbeatMs) : -Infinity;
  }
}
