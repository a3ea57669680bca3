import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The real worker entry point in its own process (compiled on the fly), so a test can signal or SIGKILL it. */
export class WorkerProcess {
  private log = '';
  private readonly exit: Promise<WorkerExit>;

  private constructor(private readonly child: ChildProcess, startOutput: string) {
    this.log = startOutput;
    child.stdout!.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.exit = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
      else child.once('exit', (code, signal) => resolve({ code, signal }));
    });
  }

  static async start(env: Record<string, string>): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => (output += chunk.toString());
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    await new Promise<void>((resolve, reject) => {
      // Generous: the entry point is compiled on start, which a busy machine can make slow.
      const timer = setTimeout(() => reject(new Error(`worker did not start in 240 s:\n${output.slice(-2000)}`)), 240_000);
      const check = () => {
        if (output.includes('"worker started"')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`worker exited with ${code}:\n${output.slice(-2000)}`));
      });
    });
    child.removeAllListeners('exit');
    child.stdout!.removeAllListeners('data');
    child.stderr!.removeAllListeners('data');
    return new WorkerProcess(child, output);
  }

  /** Everything it has written to stdout and stderr (JSON log lines). */
  get output(): string {
    return this.log;
  }

  /** Resolves when the process has exited, however it ended. */
  exited(): Promise<WorkerExit> {
    return this.exit;
  }

  kill(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    this.child.kill(signal);
    return this.exit.then(() => undefined);
  }

  /** Sends `signal` and waits up to `timeoutMs` for the exit; null if it is still running then. */
  async signalAndWait(signal: NodeJS.Signals, timeoutMs: number): Promise<WorkerExit | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
    const result = await Promise.race([this.exit, timeout]);
    clearTimeout(timer);
    return result;
  }
}
