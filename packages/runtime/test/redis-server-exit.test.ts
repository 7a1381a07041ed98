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

test('a redis-server its process never stopped is killed, and its directory removed, when that process exits', async () => {
  const child = await startChild('start-and-exit', []);
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  const { pid, dir } = await child.request<{ pid: number; dir: string }>({ start: true });
  expect(pid).toEqual(expect.any(Number)); // startRedisServer resolved: it served requests
  await exited;
  // SIGKILL is sent synchronously on exit; the orphan is reaped by init shortly after.
  const deadline = Date.now() + 5_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(alive(pid)).toBe(false);
  expect(existsSync(dir)).toBe(false);
});
