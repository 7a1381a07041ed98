import { existsSync } from 'node:fs';
import { startChild } from './child-process';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The orphan is killed synchronously, then reaped by init shortly after. */
async function gone(pid: number): Promise<boolean> {
  const deadline = Date.now() + 5_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return !alive(pid);
}

describe('a redis-server its process never stopped is killed, and its directory removed', () => {
  test('when that process exits', async () => {
    const child = await startChild('start-and-exit', ['exit']);
    const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
    const { pid, dir } = await child.request<{ pid: number; dir: string }>({ start: true });
    expect(pid).toEqual(expect.any(Number)); // startRedisServer resolved: it served requests
    await exited;
    expect(await gone(pid)).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });

  test.each(['SIGTERM', 'SIGINT'] as const)('when that process is ended by %s', async (signal) => {
    const child = await startChild('start-and-exit', ['wait']);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.process.once('exit', (_code, by) => resolve(by)));
    const { pid, dir } = await child.request<{ pid: number; dir: string }>({ start: true });
    expect(alive(pid)).toBe(true);
    child.process.kill(signal);
    expect(await exited).toBe(signal); // ended by the signal, as without the cleanup
    expect(await gone(pid)).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });
});
