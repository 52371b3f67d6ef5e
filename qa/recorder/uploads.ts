import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locale } from '../../content/texts.js';
import { inspect, maskOwnerName, type CertReport } from '../../cert-core/index.js';
import { FIXTURE_NOW } from '../../cert-core/fixtures/generate.js';
import type { RecordContext } from './context.js';
import type { Session } from './session.js';

/** The fixtures are valid around FIXTURE_NOW (2025-06-15); the scripts run at noon of that day in Seoul. */
export const UPLOAD_NOW = '2025-06-15T12:00:00+09:00';

interface UploadCase {
  file: string;
  name: { ko: string; en?: string };
  /** What identifies the answer on its card. */
  mark: string | RegExp;
  /** The masked owner, on cards that show a certificate. */
  owner?: boolean;
  /** Known to be wrong today: said in the script's header and in the QA report. */
  bug?: string;
}

/** Every upload case; files are written by scripts/write-transcript-fixtures.ts. */
const CASES: Record<string, UploadCase> = {
  valid: {
    file: '../fixtures/valid/signCert.der',
    name: { ko: '유효한 인증서 → 문제 없음, 소유자는 가려서', en: 'A valid certificate: no problem, owner masked' },
    mark: /문제를 찾지 못했어요|found no problem/,
    owner: true,
  },
  expired: {
    file: '../fixtures/expired/signCert.der',
    name: { ko: '만료된 인증서 → 만료됨, 재발급 안내', en: 'An expired certificate: reissue' },
    mark: /만료됨|\(expired\)/,
    owner: true,
  },
  'renewal-window': { file: '../fixtures/renewal-window/signCert.der', name: { ko: '만료 10일 전 인증서 → 갱신 안내' }, mark: /남은 날 10일/, owner: true },
  'not-yet-valid': {
    file: '../fixtures/not-yet-valid/signCert.der',
    name: { ko: '아직 유효기간 전인 인증서 → 시계·만료 문제 해결로' },
    mark: /아직 시작되지 않았/,
    owner: true,
  },
  foreign: {
    file: '../fixtures/foreign/photo.png',
    name: { ko: '인증서가 아닌 사진 파일 → 인증서 파일을 다시 올려 달라고' },
    mark: /인증서 파일이 아니에요/,
  },
  damaged: { file: '../fixtures/damaged/signCert.der', name: { ko: '잘린 인증서 파일 → 손상, 다시 복사하거나 재발급' }, mark: /손상됐거나/ },
  tls: { file: '../fixtures/tls/server.crt', name: { ko: '웹 서버 인증서 → 공동인증서가 아니라고' }, mark: /공동인증서\(옛 공인인증서\)가 아니에요/ },
  key: {
    file: '../fixtures/key/signPri.key',
    name: { ko: '개인키 파일(signPri.key)은 받지 않아요', en: 'A private key file (signPri.key) is refused' },
    mark: /signPri\.key/,
  },
  'zip-with-key': { file: '../fixtures/zip-with-key/NPKI.zip', name: { ko: '개인키가 든 zip은 받지 않아요' }, mark: /signPri\.key/ },
  'zip-cert-only': {
    file: '../fixtures/zip-cert-only/NPKI.zip',
    name: { ko: '인증서만 든 NPKI zip → 확인 결과' },
    mark: /개인 범용/,
    owner: true,
  },
};

/** The report the web page's local check sends for a certificate and key checked with a wrong password (trimmed as web/check.js does). */
export function wrongPasswordReport(root: string): CertReport & { _otherCount: number } {
  const read = (file: string) => new Uint8Array(readFileSync(path.join(root, file)));
  const files = [
    { name: 'signCert.der', bytes: read('fixtures/valid/signCert.der') },
    { name: 'signPri.key', bytes: read('fixtures/key/signPri.key') },
  ];
  const report = inspect(files, { now: FIXTURE_NOW, password: 'not-the-password', input: 'USER' });
  if (!report.problems.some((p) => p.code === 'WRONG_PASSWORD'))
    throw new Error(`expected WRONG_PASSWORD, got ${report.problems.map((p) => p.code).join(', ')}`);
  const certificate = report.certificate!;
  return {
    ...report,
    certificate: { ...certificate, subject: '', owner: maskOwnerName(certificate.owner) },
    identity: null,
    otherCertificates: [],
    _otherCount: 0,
  };
}

async function openUploadCard(ctx: RecordContext, session: Session, locale: Locale): Promise<void> {
  await session.user(locale === 'en-US' ? 'hello' : '안녕하세요');
  await session.click(ctx.text('menu.check_file', locale));
  session.expectTitle(ctx.text('check.upload.title', locale));
}

export async function recordUploads(ctx: RecordContext): Promise<void> {
  for (const [id, upload] of Object.entries(CASES)) {
    for (const locale of ['ko-KR', 'en-US'] as const) {
      const name = locale === 'en-US' ? upload.name.en : upload.name.ko;
      if (!name) continue;
      await ctx.record(
        `uploads/${id}${locale === 'en-US' ? '.en' : ''}.test.yaml`,
        {
          name,
          locale,
          now: UPLOAD_NOW,
          comment: [
            `Upload case ${id}: menu → 인증서 파일 확인 → the file → the answer card.`,
            ...(upload.bug ? [`KNOWN BUG (recorded as it is today): ${upload.bug}.`] : []),
          ],
        },
        async (session) => {
          await openUploadCard(ctx, session, locale);
          const owner = `${ctx.text('result.owner', locale)}: 홍*동`;
          await session.upload(upload.file, { mark: upload.mark, ...(upload.owner ? { says: owner } : {}) });
        },
      );
    }
  }

  // The local check on the page sends its (trimmed) report as an event while the user is in the password tree.
  const report = wrongPasswordReport(ctx.root);
  await ctx.record(
    'uploads/local-check-wrong-password.test.yaml',
    {
      name: '비밀번호 문제 해결 중 내 PC 확인 결과(비밀번호 틀림) → 결과 카드와 해결 버튼',
      locale: 'ko-KR',
      now: UPLOAD_NOW,
      comment: ['The local-check path: the page checks the files on the device and sends only a trimmed report (certcheck/report).'],
    },
    async (session) => {
      await session.user('인증서 비밀번호가 틀렸다고 나와요');
      await session.click('공동인증서');
      await session.click('맞게 썼는데 틀리대요');
      await session.click('그래도 안 돼요');
      await session.event('certcheck/report', report, { mark: /비밀번호가 맞지 않/, says: '소유자: 홍*동' });
      session.expectTitle(ctx.text('result.title', 'ko-KR'));
      await session.click(ctx.text('kind.reissue', 'ko-KR'));
    },
  );
  await ctx.record(
    'uploads/local-check-invalid-report.test.yaml',
    { name: '알아볼 수 없는 확인 결과 이벤트 → 다시 확인해 달라고', locale: 'ko-KR', now: UPLOAD_NOW },
    async (session) => {
      await session.event('certcheck/report', { ok: 'maybe', problems: 'none' });
    },
  );
}
