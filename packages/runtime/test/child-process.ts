/**
 * Test helper: runs a TypeScript fixture in a separate Node.js process (through tsx), to test behaviour across
 * processes: two near caches, a consumer killed mid-message. Requests and replies travel over the IPC channel;
 * each request carries an id its reply repeats.
 */
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

export interface TsChild {
  readonly process: ChildProcess;
  /** Sends `message` and resolves the child's reply to it. */
  request<R = Record<string, unknown>>(message: Record<string, unknown>, timeoutMs?: number): Promise<R>;
  /** Resolves the next message (not a reply) the child sends that matches `predicate`. */
  next<R = Record<string, unknown>>(predicate: (message: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<R>;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
}

/** Forks `test/runtime/fixtures/<name>.ts` with `args` and resolves once it sent `{ ready: true }`. */
export async function startChild(name: string, args: readonly string[]): Promise<TsChild> {
  const child = fork(join(__dirname, 'fixtures', `${name}.ts`), [...args], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let sequence = 0;
  const awaitMessage = <R>(predicate: (message: Record<string, unknown>) => boolean, timeoutMs: number, what: string): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (!predicate(message)) return;
        cleanup();
        resolve(message as R);
      };
      const onExit = () => {
        cleanup();
        reject(new Error(`fixture ${name} exited while waiting for ${what}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fixture ${name}: no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });

  await awaitMessage((message) => message.ready === true, 15_000, 'ready message');
  return {
    process: child,
    request<R>(message: Record<string, unknown>, timeoutMs = 10_000) {
      const id = ++sequence;
      const reply = awaitMessage<R & { error?: string }>((m) => m.replyTo === id, timeoutMs, `reply to ${JSON.stringify(message)}`);
      child.send({ ...message, id });
      return reply.then((r) => {
        if (r.error) throw new Error(`fixture ${name}: ${r.error}`);
        return r;
      });
    },
    next<R>(predicate: (message: Record<string, unknown>) => boolean, timeoutMs = 10_000) {
      return awaitMessage<R>(predicate, timeoutMs, 'message');
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** For fixtures: answers each request with `handle`'s result (or its error), tagged with the request's id. */
export function serveRequests(handle: (message: Record<string, unknown>) => Promise<Record<string, unknown>>): void {
  process.on('message', (message: Record<string, unknown>) => {
    handle(message).then(
      (reply) => process.send?.({ ...reply, replyTo: message.id }),
      (err: unknown) => process.send?.({ error: String(err), replyTo: message.id }),
    );
  });
}
