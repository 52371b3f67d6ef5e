// certcheck: inspect certificate files, folders or zips from the command line.
//   npm run -s certcheck -- [--json] [--now ISO8601] [--password-stdin] [--rrn-stdin] PATH...
// Exit codes: 0 every report ok, 1 at least one not ok, 2 usage error.
// The password and registration number are kept in memory only and never printed.
import { closeSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { basename, join, relative, dirname, resolve } from 'node:path';
import { parseArgs as parseNodeArgs } from 'node:util';
import { inspect, type CertReport, type InputFile } from '../cert-core/index.js';
import { PromptCancelled, readHiddenLine, readPipedLines } from '../lib/prompt.js';

const MAX_FILE_BYTES = 1 << 20;
const MAX_FILES_PER_FOLDER = 2000;

const USAGE = `사용법 / usage: npm run -s certcheck -- [--json] [--now ISO8601] [--password-stdin] [--rrn-stdin] PATH...
  PATH              인증서 파일, 폴더 또는 zip (PATH마다 보고서 하나: 짝 확인은 폴더째 지정)
                    a certificate file, folder or zip (one report per PATH: give the folder to check a pair)
  --json            JSON 보고서 출력 / print JSON reports
  --now ISO8601     기준 시각 / check against this instant instead of the current time
  --password-stdin  표준 입력 첫 줄이 비밀번호 / first line of standard input is the password
  --rrn-stdin       표준 입력의 (다음) 줄이 주민·사업자등록번호 / next line of standard input is the registration number`;

class UsageError extends Error {}

interface Args {
  json: boolean;
  now: Date;
  passwordStdin: boolean;
  rrnStdin: boolean;
  paths: string[];
}

function parseArgs(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseNodeArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        now: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
        'rrn-stdin': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`알 수 없는 옵션이거나 값이 없습니다 / ${(error as Error).message}`);
  }
  const { values, positionals } = parsed;
  let now = new Date();
  if (values.now !== undefined) {
    now = new Date(values.now);
    if (!values.now || Number.isNaN(now.getTime())) throw new UsageError(`--now: 날짜 형식이 아닙니다 / not an ISO 8601 date: ${values.now}`);
  }
  if (positionals.length === 0) throw new UsageError('PATH가 필요합니다 / at least one PATH is required');
  return { json: values.json, now, passwordStdin: values['password-stdin'], rrnStdin: values['rrn-stdin'], paths: positionals };
}

/** Reads at most MAX_FILE_BYTES + 1 bytes: enough for inspect to say TOO_LARGE without loading a huge file. */
function readCapped(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buffer = new Uint8Array(MAX_FILE_BYTES + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** A folder's files, named relative to the folder's parent so the folder name (cn=…) stays visible. */
function readPath(path: string): InputFile[] {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`경로가 없습니다 / no such file or folder: ${path}`);
  if (!stat.isDirectory()) return [{ name: basename(path), bytes: readCapped(path) }];
  const root = dirname(resolve(path));
  const files: InputFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (files.length >= MAX_FILES_PER_FOLDER) return;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push({ name: relative(root, full).split('\\').join('/'), bytes: readCapped(full) });
    }
  };
  walk(resolve(path));
  return files;
}

const SEVERITY_KO = { error: '오류', warning: '주의', info: '안내' } as const;

function yesNo(value: boolean | null, yes: string, no: string, unknown: string): string {
  return value === null ? unknown : value ? yes : no;
}

/** Korean users read dates in KST: 2020-03-25T14:59:59Z is the 25th, 23:59 in Korea. */
function kstDate(iso: string): string {
  return new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 10);
}

function summary(report: CertReport): string {
  const lines = [`■ ${report.input}`];
  const errors = report.problems.filter((p) => p.severity === 'error').length;
  const warnings = report.problems.filter((p) => p.severity === 'warning').length;
  lines.push(
    report.ok ? `  결과: 정상${warnings ? ` (주의 ${warnings}건)` : ''}` : `  결과: 문제 있음 (오류 ${errors}건${warnings ? `, 주의 ${warnings}건` : ''})`,
  );
  const cert = report.certificate;
  if (cert) {
    lines.push(`  소유자: ${cert.owner}`, `  발급기관: ${cert.ca ?? cert.issuerOrg ?? '알 수 없음'}${cert.testCa ? ' [테스트]' : ''}`);
    lines.push(`  용도: ${cert.usage ?? '알 수 없음'}${cert.policyOid && cert.usage !== cert.policyOid ? ` (${cert.policyOid})` : ''}`);
    lines.push(`  유효기간: ${kstDate(cert.notBefore)} ~ ${kstDate(cert.notAfter)} (KST, 남은 날: ${cert.daysLeft}일)`, `  일련번호: ${cert.serial}`);
  }
  const key = report.privateKey;
  if (key) {
    lines.push(`  개인키: ${key.present ? `있음${key.encryption ? ` (${key.encryption})` : ''}` : '없음'}`);
    if (key.present) {
      lines.push(
        `  비밀번호: ${yesNo(key.decrypted, '맞음', '틀림', '확인 안 함')}`,
        `  인증서와 짝: ${yesNo(key.matchesCertificate, '맞음', '아님', '확인 안 함')}`,
      );
    }
  }
  if (report.identity) lines.push(`  본인 확인(VID): ${report.identity.checked ? (report.identity.matches ? '일치' : '불일치') : '확인할 수 없음'}`);
  if (report.otherCertificates.length) lines.push(`  다른 인증서 ${report.otherCertificates.length}개가 더 있습니다: ${report.otherCertificates.join(', ')}`);
  for (const problem of report.problems) {
    lines.push(`  [${SEVERITY_KO[problem.severity]}] ${problem.message_ko}`, `      → ${problem.fix_ko}`);
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  let args: Args;
  let inputs: Array<{ path: string; files: InputFile[] }>;
  try {
    args = parseArgs(process.argv.slice(2));
    inputs = args.paths.map((path) => ({ path, files: readPath(path) }));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  let password: string | undefined;
  let rrn: string | undefined;
  if (args.passwordStdin || args.rrnStdin) {
    const lines = await readPipedLines();
    if (args.passwordStdin) password = lines.shift();
    if (args.rrnStdin) rrn = lines.shift()?.trim() || undefined;
  } else if (process.stdin.isTTY) {
    try {
      password = (await readHiddenLine('인증서 비밀번호 (없으면 Enter) / certificate password (Enter to skip): ')) || undefined;
    } catch (error) {
      if (error instanceof PromptCancelled) return 130;
      throw error;
    }
  }
  const reports = inputs.map(({ path, files }) => inspect(files, { now: args.now, password, rrn, input: path, maxFileBytes: MAX_FILE_BYTES }));
  if (args.json) process.stdout.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
  else process.stdout.write(`${reports.map(summary).join('\n\n')}\n`);
  return reports.every((report) => report.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  () => {
    process.stderr.write('예기치 못한 오류가 발생했습니다 / unexpected error\n');
    process.exit(1);
  },
);
