import { readHiddenLine, readPipedLines } from '../lib/prompt.js';
import { AgentAccountsError, hashPassword } from './agent-accounts.js';

/**
 * Makes an AGENT_ACCOUNTS entry:  npm run -s agent:hash -- <username>
 * The password is typed at a prompt without echo (twice), or read as the first line of stdin
 * when piped (`printf '%s\n' "$PW" | npm run -s agent:hash -- kim`). It is never taken from the
 * command line, where shell history and the process list would keep it.
 */

async function main(): Promise<void> {
  const username = process.argv[2];
  if (username !== undefined && !/^[A-Za-z0-9._@-]{1,64}$/.test(username)) {
    throw new AgentAccountsError('사용자 이름은 영문, 숫자, . _ @ - 만 쓸 수 있습니다. / A username may use letters, digits and . _ @ - only.');
  }
  let password: string;
  if (process.stdin.isTTY) {
    password = await readHiddenLine('비밀번호 / Password: ');
    const again = await readHiddenLine('한 번 더 / Again: ');
    if (password !== again) throw new AgentAccountsError('두 비밀번호가 다릅니다. / The passwords do not match.');
  } else {
    password = (await readPipedLines())[0] ?? '';
  }
  if (password.length < 10) throw new AgentAccountsError('비밀번호는 10자 이상이어야 합니다. / Use at least 10 characters.');
  const hash = await hashPassword(password);
  process.stdout.write(`${username ? `${username}:` : ''}${hash}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
});
