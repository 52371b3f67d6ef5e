import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { rootDir } from '../../lib/paths.js';

/**
 * The shipped deploy/nginx.conf, run for a test: the SAME file with only its addresses and temp
 * paths rewritten (upstream servers → the test instances, listen → a free port, pid/temp paths →
 * a temp directory), so what the tests prove is the configuration the README tells people to use.
 * nginx runs as a non-daemon child of the test, killed in stop().
 */
export interface RunningNginx {
  url: string;
  /** The access log so far: one line per request, "METHOD /path status 127.0.0.1:port". */
  accessLog(): Promise<string[]>;
  /** The generated configuration (for a failing test's message). */
  config: string;
  lines: string[];
  stop(): Promise<void>;
}

export const NGINX = process.env.NGINX_BIN || '/usr/sbin/nginx';

export async function nginxConfigFor(upstreamPorts: number[], listenPort: number, dir: string): Promise<string> {
  const shipped = await readFile(path.join(rootDir, 'deploy', 'nginx.conf'), 'utf8');
  const servers = upstreamPorts.map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`).join('\n');
  const rewritten = shipped
    .replace(/^pid .*;$/m, `pid ${path.join(dir, 'nginx.pid')};`)
    .replace(/\/tmp\/cert-helper-nginx-/g, path.join(dir, 'tmp-'))
    .replace(/(upstream cert_helper \{\n)(?:\s*server [^\n]*\n)+/, `$1${servers}\n`)
    .replace(/listen 127\.0\.0\.1:\d+;/, `listen 127.0.0.1:${listenPort};`)
    // The one addition: an access log naming the instance that answered, so tests can see requests alternate.
    .replace(/access_log off;/, `log_format upstream '$request_method $uri $status $upstream_addr';\n  access_log ${path.join(dir, 'access.log')} upstream;`);
  for (const port of upstreamPorts) {
    if (!rewritten.includes(`127.0.0.1:${port} `)) throw new Error(`deploy/nginx.conf changed shape: could not point its upstream at ${port}`);
  }
  if (!rewritten.includes(`listen 127.0.0.1:${listenPort};`)) throw new Error('deploy/nginx.conf changed shape: no "listen 127.0.0.1:<port>;" line');
  return rewritten;
}

export async function startNginx(upstreamPorts: number[], listenPort: number, { startTimeoutMs = 10_000 } = {}): Promise<RunningNginx> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nginx-'));
  const config = await nginxConfigFor(upstreamPorts, listenPort, dir);
  const file = path.join(dir, 'nginx.conf');
  await writeFile(file, config);
  // -e stderr: no attempt to open the system's /var/log/nginx before the config is read.
  const child: ChildProcess = spawn(NGINX, ['-e', 'stderr', '-c', file, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${listenPort}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    // Any answer (even 502 while no instance is up) means nginx listens.
    const up = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) }).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`nginx did not start:\n${lines.join('\n')}\n${config}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    accessLog: async () => (await readFile(path.join(dir, 'access.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean),
    config,
    lines,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGQUIT');
        const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, 5_000, 'timeout').unref());
        if ((await Promise.race([exited, timeout])) === 'timeout') {
          child.kill('SIGKILL');
          await exited;
        }
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
