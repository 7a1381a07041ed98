/**
 * A local server process for tests, demos and benchmarks (redis-server, memcached): launched, watched until it
 * serves, stopped by pid, and killed when this process exits if nobody stopped it (a test whose `beforeAll` timed
 * out never calls stop(); its servers would outlive the jest worker and hold the ports the next run wants).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

const STOP_TIMEOUT_MS = 3_000;

/** What to do, synchronously, if this process ends first: kill a server, remove its directory. */
const atExit = new Set<() => void>();

/** Signals that end a process without an 'exit' event (jest stopping its workers, Ctrl-C). */
const ENDING_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

function runAtExit(): void {
  for (const task of atExit) task();
  atExit.clear();
}

/** Cleans up, then lets the signal do what it would have done without this listener (end the process). */
function runAtSignal(signal: NodeJS.Signals): void {
  runAtExit();
  unlisten();
  process.kill(process.pid, signal);
}

function listen(): void {
  process.once('exit', runAtExit);
  for (const signal of ENDING_SIGNALS) process.once(signal, runAtSignal);
}

function unlisten(): void {
  process.off('exit', runAtExit);
  for (const signal of ENDING_SIGNALS) process.off(signal, runAtSignal);
}

/**
 * Runs `task` when this process exits or is ended by a signal, unless the returned function was called before. One
 * set of process listeners for all tasks, there only while a task waits.
 */
export function onProcessExit(task: () => void): () => void {
  if (atExit.size === 0) listen();
  atExit.add(task);
  return () => {
    atExit.delete(task);
    if (atExit.size === 0) unlisten();
  };
}

function track(proc: ChildProcess): void {
  proc.once(
    'exit',
    onProcessExit(() => proc.kill('SIGKILL')),
  );
}

export interface ServerProcess {
  /** The current process's pid; `undefined` while stopped. */
  readonly pid: number | undefined;
  /** Spawns the server and resolves once `waitUntilServing` does; rejects (with the server's output) if it exits first. */
  launch(): Promise<void>;
  /** Sends `signal` (after SIGCONT: a paused process cannot act on SIGTERM), SIGKILL after 3 s, and waits for the exit. */
  terminate(signal: NodeJS.Signals): Promise<void>;
  /** Sends a signal to the running process, if any. */
  signal(signal: NodeJS.Signals): void;
}

/**
 * One server on `port`: `binary` with `args`; `waitUntilServing(pid)` must resolve once the process with that pid
 * serves on the port (never another process that took it).
 */
export function serverProcess(
  binary: string,
  args: readonly string[],
  port: number,
  waitUntilServing: (pid: number | undefined) => Promise<void>,
): ServerProcess {
  let child: ChildProcess | undefined;
  return {
    get pid() {
      return child?.pid;
    },
    async launch() {
      const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      track(proc);
      let output = ''; // kept (bounded) to explain a failed start, e.g. "Address already in use"
      const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2_000));
      proc.stdout?.on('data', collect);
      proc.stderr?.on('data', collect);
      const exited = new Promise<never>((_, reject) => {
        proc.once('error', (err) => reject(new Error(`cannot run ${binary}: ${err.message}`)));
        proc.once('exit', (code, signal) =>
          reject(new Error(`${binary} on port ${port} exited (${signal ?? `code ${code}`}) before serving: ${output.trim()}`)),
        );
      });
      exited.catch(() => undefined); // observed only through the race below; later exits are expected
      const ready = waitUntilServing(proc.pid).catch((err: Error) => {
        throw new Error(`${err.message}; server output: ${output.trim() || '(none)'}`);
      });
      await Promise.race([ready, exited]);
    },
    async terminate(signal) {
      const proc = child;
      child = undefined;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGCONT');
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
    signal(signal) {
      child?.kill(signal);
    },
  };
}

const HOST = '127.0.0.1';
/** Generous: on a loaded 2-core machine (jest workers compiling TypeScript) a start can take seconds. */
const READY_TIMEOUT_MS = 20_000;

/** How to ask a local server on loopback for its process id, in its own protocol, without a client library. */
export interface PidProbe {
  readonly port: number;
  readonly tls: boolean;
  /** What to send once connected, e.g. `INFO server\r\n` or `stats\r\n`. */
  readonly request: string;
  /** Finds the pid in the reply (first group). */
  readonly pid: RegExp;
  /** A reply that says "not now" (e.g. -LOADING): the probe ends without a pid. */
  readonly refused?: (reply: string) => boolean;
}

/**
 * Polls `probe` until the server answers with `pid` as its own process id: it serves, and it is not some other
 * process that already held the port.
 */
export async function waitUntilServing(what: string, probe: PidProbe, pid: number | undefined): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if ((await askPid(probe)) === pid) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${what} (pid ${pid}) did not start serving on port ${probe.port} within ${READY_TIMEOUT_MS} ms`);
}

function askPid({ port, tls, request, pid, refused }: PidProbe): Promise<number | undefined> {
  return new Promise((resolve) => {
    const onConnect = () => socket.write(request);
    // A readiness probe of a throw-away local server: its self-signed certificate is not what is tested here.
    const socket: Socket = tls ? tlsConnect({ host: HOST, port, rejectUnauthorized: false }, onConnect) : new Socket();
    let reply = '';
    const done = (found: number | undefined): void => {
      socket.destroy();
      resolve(found);
    };
    socket.setTimeout(1_000, () => done(undefined));
    socket.once('error', () => done(undefined));
    socket.on('data', (data) => {
      reply += data.toString();
      const match = pid.exec(reply);
      if (match) done(Number(match[1]));
      else if (refused?.(reply)) done(undefined);
    });
    if (!tls) socket.connect(port, HOST, onConnect);
  });
}
