import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { AgentAccountsError, hashPassword, parseAgentAccounts, parsePasswordHash, verifyPassword } from './agent-accounts.js';

const cheap = { N: 1024, r: 8, p: 1 };

describe('agent accounts', () => {
  test('hash and verify', async () => {
    const encoded = await hashPassword('correct horse', cheap);
    expect(encoded).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]{43}$/);
    const hash = parsePasswordHash(encoded);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsE', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  test('AGENT_ACCOUNTS parsing names the bad entry without echoing the hash', async () => {
    const good = await hashPassword('pw-1234567', cheap);
    expect(parseAgentAccounts(`kim:${good}, lee.s@bank:${good}`).map((account) => account.username)).toEqual(['kim', 'lee.s@bank']);
    expect(parseAgentAccounts('')).toEqual([]);
    expect(() => parseAgentAccounts(`kim:${good},kim:${good}`)).toThrow(/entry 2 \("kim"\): the username appears twice/);
    expect(() => parseAgentAccounts(`${good}`)).toThrow(/entry 1: expected username:scrypt/);
    expect(() => parseAgentAccounts('kim:md5$abc')).toThrow(AgentAccountsError);
    expect(() => parseAgentAccounts(`kim:${good.replace('$1024$', '$1000$')}`)).toThrow(/power of two/);
    try {
      parseAgentAccounts(`kim:${good.slice(0, -4)}`);
    } catch (error) {
      expect((error as Error).message).toMatch(/the hash must be 32 bytes/);
      expect((error as Error).message).not.toContain(good.slice(-20, -4));
    }
  });

  test('npm run agent:hash reads the password from stdin and prints an entry that verifies', async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'handoff/agent-hash.ts', 'kim'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stdin.end('a long enough password\n');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const [account] = parseAgentAccounts(output.trim());
    expect(account.username).toBe('kim');
    expect(await verifyPassword('a long enough password', account.password)).toBe(true);
  }, 20_000);
});
