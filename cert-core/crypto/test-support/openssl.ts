/**
 * Test-only helpers for cross-checking against the OpenSSL command line.
 * (Node built-ins are fine here: this folder is never imported by library code.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Provider flags that enable SEED / RC2 on OpenSSL 3 (legacy provider). */
export const LEGACY_PROVIDER_ARGS = ['-provider', 'legacy', '-provider', 'default'];

export function runOpenssl(args: string[], input?: Uint8Array): Uint8Array {
  const output = execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  return new Uint8Array(output);
}

/** Runs openssl and reports success/failure instead of throwing. */
export function tryOpenssl(args: string[], input?: Uint8Array): { ok: boolean; stdout: Uint8Array; stderr: string } {
  const result = spawnSync('openssl', args, { input, maxBuffer: 64 * 1024 * 1024 });
  return {
    ok: result.status === 0,
    stdout: new Uint8Array(result.stdout ?? []),
    stderr: String(result.stderr ?? ''),
  };
}

/** True when `openssl` exists and its legacy provider can run SEED-CBC. */
export function opensslHasSeed(): boolean {
  const probe = tryOpenssl(['enc', '-seed-cbc', '-K', '00'.repeat(16), '-iv', '00'.repeat(16), ...LEGACY_PROVIDER_ARGS], new Uint8Array(1));
  return probe.ok && probe.stdout.length === 16;
}

export function withTempDir<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'cert-core-crypto-'));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Path of the shared PyPinkSign interop files, relative to the repository root. */
export const PYPINKSIGN_DIR = fileURLToPath(new URL('../../../../shared/interop/pypinksign/', import.meta.url));
