import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { rootDir } from '../../lib/paths.js';

/**
 * The real server (`npm start`'s entry point) as a child process on a random 127.0.0.1 port, so
 * that a crash is observable as an exit and a SIGKILL is a real one. Logs (pino JSON on stdout,
 * anything on stderr) are kept for assertions.
 */
export interface ServerProcess {
  url: string;
  pid: number;
  /** Every stdout and stderr line so far. */
  lines: string[];
  running(): boolean;
  /** Resolves when the process has exited (with its code or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal and waits (bounded) for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function spawnServer(env: Record<string, string>, { startTimeoutMs = 60_000 } = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join('server', 'index.ts')], {
    cwd: rootDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      NODE_NO_WARNINGS: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let exitState: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exitState = { code, signal };
      resolve(exitState);
    });
  });
  const collect = (stream: NodeJS.ReadableStream | null) => {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts);
    });
  };
  collect(child.stdout);
  collect(child.stderr);

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`server did not start within ${startTimeoutMs} ms:\n${lines.join('\n')}`)), startTimeoutMs);
    const poll = setInterval(() => {
      const listening = lines.map(parseLine).find((entry) => typeof entry?.url === 'string' && /listening/.test(String(entry.msg)));
      if (listening) finish(undefined, String(listening.url));
      // A fixed PORT taken meanwhile: the server would log it and keep running without listening.
      else if (lines.some((line) => line.includes('EADDRINUSE'))) finish(new Error(`EADDRINUSE: port ${env.PORT} is taken`));
    }, 25);
    void exited.then(({ code, signal }) => finish(new Error(`server exited during start (code ${code}, signal ${signal}):\n${lines.join('\n')}`)));
    function finish(error?: Error, value?: string) {
      clearTimeout(timer);
      clearInterval(poll);
      if (error) {
        child.kill('SIGKILL');
        reject(error);
      } else resolve(value!);
    }
  });

  return {
    url,
    pid: child.pid!,
    lines,
    running: () => exitState === undefined,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (exitState) return;
      child.kill(signal);
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, 10_000, 'timeout').unref());
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** A log line as JSON, or undefined when it is not one. */
export function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
