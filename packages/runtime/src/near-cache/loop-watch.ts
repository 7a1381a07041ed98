/**
 * Evidence that the event loop keeps reading sockets, shared by every near cache of the process: a timer fires every
 * {@link LOOP_TICK_MS} and schedules an immediate. When the immediate runs, a poll phase (socket reads) has run since
 * the timer fired, so every byte that had reached a socket by then has been handled. Listeners get that time.
 * One timer for the whole process, running only while some near cache listens.
 */

/** How often the proof is renewed. */
export const LOOP_TICK_MS = 5;

type Listener = (firedAt: number) => void;

const listeners = new Set<Listener>();
let timer: NodeJS.Timeout | undefined;

function tick(): void {
  const firedAt = performance.now();
  setImmediate(() => {
    for (const listener of listeners) listener(firedAt);
  });
}

/** Calls `listener` with each proof; returns the function that stops it. */
export function watchLoop(listener: Listener): () => void {
  listeners.add(listener);
  timer ??= setInterval(tick, LOOP_TICK_MS).unref();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
