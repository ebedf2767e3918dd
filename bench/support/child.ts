import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The preload that lets a child run the TypeScript sources (see bench/register.js). */
export const REGISTER = join(__dirname, '..', 'register.js');

interface Request {
  readonly id: number;
  readonly type: string;
  readonly payload: unknown;
}

interface Reply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}

type Handler = (payload: never) => Promise<unknown>;

/**
 * A benchmark process the runner drives over IPC: a system under test in a process of its own, so that its
 * memory can be measured and nothing it loads (Emmett sets global pg type parsers) touches another.
 */
export class BenchChild {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private exited = false;
  /** Settles when the child says it is set up (its reply with id 0). */
  private readonly ready: Promise<unknown>;

  private constructor(
    private readonly child: ChildProcess,
    readonly label: string,
  ) {
    this.ready = new Promise((resolve, reject) => this.pending.set(0, { resolve, reject }));
    child.on('message', (message: Reply) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(`${label}: ${message.error}`));
      else waiter.resolve(message.result);
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      for (const waiter of this.pending.values()) {
        waiter.reject(new Error(`${label} exited (${signal ?? code}) before answering`));
      }
      this.pending.clear();
    });
  }

  /** Starts `entry` (a .ts file under bench/) with extra `nodeArgs` (--cpu-prof) and waits for its 'ready'. */
  static async start(
    label: string,
    entry: string,
    args: readonly string[] = [],
    { env = {}, nodeArgs = [] }: { env?: NodeJS.ProcessEnv; nodeArgs?: readonly string[] } = {},
  ): Promise<BenchChild> {
    const child = fork(entry, [...args], {
      execArgv: [...nodeArgs, '-r', REGISTER],
      // A child finds every source already transpiled by the runner (see register.js).
      env: { ...process.env, LLE_BENCH_CHILD: '1', ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const started = new BenchChild(child, label);
    await started.ready;
    return started;
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.label} has no pid`);
    return this.child.pid;
  }

  request<T>(type: string, payload: unknown): Promise<T> {
    if (this.exited) return Promise.reject(new Error(`${this.label} has exited`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, type, payload } satisfies Request);
    });
  }

  /** Asks the child to close its pools and exit; kills it if it has not within five seconds. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.request('close', {}).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  /** Kills it at once (after a failure). */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

/**
 * The child's side, called once it is set up: tells the runner it is ready, then answers its requests with
 * the handlers given. 'close' runs `onClose` and exits.
 */
export function serveBenchRequests(
  handlers: Record<string, Handler>,
  onClose: () => Promise<void> = async () => undefined,
): void {
  const send = (reply: Reply) => process.send?.(reply);
  process.on('message', (message: Request) => {
    void (async () => {
      try {
        if (message.type === 'close') {
          await onClose();
          process.send?.({ id: message.id, result: 'closed' } satisfies Reply, () => process.exit(0));
          return;
        }
        const handler = handlers[message.type];
        if (!handler) throw new Error(`no handler for ${message.type}`);
        send({ id: message.id, result: await handler(message.payload as never) });
      } catch (error) {
        send({
          id: message.id,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
      }
    })();
  });
  // The runner going away ends the child too.
  process.on('disconnect', () => process.exit(0));
  send({ id: 0, result: 'ready' });
}

/** Peak resident set size of a process (VmHWM), in bytes; Linux only. */
export function peakRss(pid: number): number {
  return statusField(pid, 'VmHWM');
}

/**
 * Resets a process's peak RSS to its current RSS (Linux: `5` to /proc/PID/clear_refs), so that a later
 * peakRss() is the peak since now: under load, not at start-up. Answers false where that is not possible.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** CPU time a process has used so far (user + system), in milliseconds; Linux only. */
export function cpuTimeMs(pid: number): number {
  // Fields 14 and 15 of /proc/PID/stat, counted after the command name (which may hold spaces).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: 100 on every Linux this runs on (x86-64, arm64). */
const CLOCK_TICKS_PER_SECOND = 100;

function statusField(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match?.[1]) throw new Error(`No ${field} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}
