import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * On-premises agent accounts (AGENT_ACCOUNTS), for banks that open the console outside Teams.
 * Entries are "username:scrypt$N$r$p$salt$hash" (salt and hash base64url), comma-separated; only
 * the hash is configured, never the password. `npm run -s agent:hash` makes an entry.
 */

export interface PasswordHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

export interface AgentAccount {
  username: string;
  password: PasswordHash;
}

export class AgentAccountsError extends Error {}

/** Cost of new hashes: 2^15 × 8 needs 32 MiB and ~0.1 s, a fair price for a login. */
export const DEFAULT_SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const MAX_PASSWORD_LENGTH = 1024;
const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must exceed 128·N·r or Node refuses the larger cost factors.
    scrypt(password, salt, KEY_LENGTH, { ...options, maxmem: 256 * options.N! * options.r! }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string, params: { N: number; r: number; p: number } = DEFAULT_SCRYPT): Promise<string> {
  if (password.length === 0 || password.length > MAX_PASSWORD_LENGTH) throw new AgentAccountsError(`a password has 1 to ${MAX_PASSWORD_LENGTH} characters`);
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Constant-time check of a password against a configured hash. */
export async function verifyPassword(password: string, expected: PasswordHash): Promise<boolean> {
  if (password.length === 0 || password.length > MAX_PASSWORD_LENGTH) return false;
  const actual = await scryptAsync(password, expected.salt, { N: expected.N, r: expected.r, p: expected.p });
  return actual.length === expected.hash.length && timingSafeEqual(actual, expected.hash);
}

export function parsePasswordHash(text: string): PasswordHash {
  const parts = text.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') throw new AgentAccountsError('the hash must look like scrypt$N$r$p$salt$hash');
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (!Number.isInteger(N) || N < 2 ** 10 || N > 2 ** 20 || (N & (N - 1)) !== 0)
    throw new AgentAccountsError('scrypt N must be a power of two from 1024 to 1048576');
  if (!Number.isInteger(r) || r < 1 || r > 32) throw new AgentAccountsError('scrypt r must be 1 to 32');
  if (!Number.isInteger(p) || p < 1 || p > 16) throw new AgentAccountsError('scrypt p must be 1 to 16');
  const salt = Buffer.from(parts[4], 'base64url');
  const hash = Buffer.from(parts[5], 'base64url');
  if (salt.length < 8) throw new AgentAccountsError('the salt is too short');
  if (hash.length !== KEY_LENGTH) throw new AgentAccountsError(`the hash must be ${KEY_LENGTH} bytes`);
  return { N, r, p, salt, hash };
}

/** Parses AGENT_ACCOUNTS; errors name the entry by position and user, never echo the hash. */
export function parseAgentAccounts(text: string | undefined): AgentAccount[] {
  if (!text || text.trim() === '') return [];
  const accounts: AgentAccount[] = [];
  for (const [index, raw] of text.split(',').entries()) {
    const entry = raw.trim();
    const separator = entry.indexOf(':');
    const username = separator > 0 ? entry.slice(0, separator) : '';
    const where = `entry ${index + 1}${username ? ` ("${username}")` : ''}`;
    if (!USERNAME.test(username))
      throw new AgentAccountsError(`${where}: expected username:scrypt$N$r$p$salt$hash with a username of letters, digits, . _ @ -`);
    if (accounts.some((account) => account.username === username)) throw new AgentAccountsError(`${where}: the username appears twice`);
    try {
      accounts.push({ username, password: parsePasswordHash(entry.slice(separator + 1)) });
    } catch (error) {
      throw new AgentAccountsError(`${where}: ${(error as Error).message}`);
    }
  }
  return accounts;
}

/** A hash no password matches, verified for unknown usernames so timing does not reveal which exist. */
export function decoyHash(params: { N: number; r: number; p: number } = DEFAULT_SCRYPT): PasswordHash {
  return { ...params, salt: randomBytes(16), hash: randomBytes(KEY_LENGTH) };
}
