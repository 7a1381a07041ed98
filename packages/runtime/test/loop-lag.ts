/**
 * Test helper for bounds that must hold on a loaded machine: how late this process's timers ran. A pattern's timeout
 * fires through a timer too, so "rejects within timeoutMs" can only mean within timeoutMs plus the event loop's own
 * lateness over the same period; a missing timeout still shows, as a wait of seconds.
 */
export function watchLoopLag(everyMs = 10): { stop(): number } {
  let expected = performance.now() + everyMs;
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - expected);
    expected = now + everyMs;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(worst, performance.now() - expected);
    },
  };
}
