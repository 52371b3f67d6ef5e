import { zipSync } from 'fflate';
import { FIXTURE_NOW, generateFixtures } from '../cert-core/fixtures/generate.js';
import type { AttachmentReader } from './attachments.js';
import { CertChecker } from './cert-check.js';

const set = generateFixtures();
const certOf = (name: string) => set.fixtures[name].files.find((f) => f.name.endsWith('signCert.der'))!.bytes;
const keyOf = (name: string) => set.fixtures[name].files.find((f) => f.name.endsWith('signPri.key'))!.bytes;

/** Serves named files as uploads and remembers which ones were read. */
function uploads(files: Record<string, Uint8Array>) {
  const read: string[] = [];
  const discarded: string[] = [];
  const reader: AttachmentReader = {
    read: async (attachment) => {
      read.push(attachment.name!);
      return { ok: true, file: { name: attachment.name!, contentType: 'application/octet-stream', bytes: files[attachment.name!] } };
    },
    discard: (attachment) => discarded.push(attachment.name!),
  };
  const activity = {
    channelId: 'directline',
    conversation: { id: 'c1' } as never,
    attachments: Object.keys(files).map((name) => ({ name, contentType: 'application/octet-stream', contentUrl: `local://${name}` })),
  };
  return { checker: new CertChecker(reader, () => FIXTURE_NOW), activity, read, discarded };
}

test.each([
  ['valid-yessign', []],
  ['expired', ['EXPIRED']],
  ['renewal-window', ['RENEWAL_WINDOW']],
  ['not-yet-valid', ['NOT_YET_VALID']],
  ['usage-restricted', ['USAGE_RESTRICTED']],
  ['test-ca', ['TEST_CA']],
])('a public certificate (%s) is checked in memory and reported with a masked owner', async (fixture, codes) => {
  const { checker, activity } = uploads({ 'signCert.der': certOf(fixture) });
  const outcome = await checker.checkUploads(activity);
  if (outcome.kind !== 'report') throw new Error(outcome.kind);
  expect(outcome.report.problems.map((p) => p.code)).toEqual(codes);
  expect(outcome.report.certificate?.owner).toBe('홍*동');
  expect(JSON.stringify(outcome.report)).not.toContain('홍길동');
});

test.each([
  ['foreign-photo.png', 'NOT_A_CERTIFICATE'],
  ['damaged-cert', 'DAMAGED_FILE'],
  ['tls-server-cert', 'NOT_NPKI'],
])('a file that is not a usable certificate (%s) says why', async (fixture, code) => {
  const file = set.fixtures[fixture].files[0];
  const { checker, activity } = uploads({ [file.name.split('/').pop()!]: file.bytes });
  const outcome = await checker.checkUploads(activity);
  expect(outcome.kind === 'report' && outcome.report.problems.map((p) => p.code)).toContain(code);
});

test.each([
  ['signPri.key', () => ({ 'signPri.key': keyOf('valid-yessign') })],
  ['a .pfx export', () => ({ 'export.pfx': set.fixtures['pfx-modern'].files[0].bytes })],
  ['a .p12 export', () => ({ 'backup.P12': set.fixtures['pfx-legacy'].files[0].bytes })],
  ['a pair', () => ({ 'signCert.der': certOf('valid-yessign'), 'signPri.key': keyOf('valid-yessign') })],
])('private material (%s) is refused without reading a byte', async (_name, files) => {
  const { checker, activity, read, discarded } = uploads(files());
  const outcome = await checker.checkUploads(activity);
  expect(outcome.kind).toBe('private');
  expect(read).toEqual([]);
  expect(discarded.sort()).toEqual(Object.keys(files()).sort()); // the channel forgets them at once
});

test('a zip holding the key is refused from its directory alone; a key under an innocent name is refused by content', async () => {
  const zip = zipSync({ 'NPKI/yessign/USER/x/signCert.der': certOf('valid-yessign'), 'NPKI/yessign/USER/x/signPri.key': keyOf('valid-yessign') });
  const zipped = uploads({ 'NPKI.zip': zip });
  expect(await zipped.checker.checkUploads(zipped.activity)).toEqual({ kind: 'private', names: ['NPKI/yessign/USER/x/signPri.key'] });
  const disguised = uploads({ 'notes.der': keyOf('valid-yessign') });
  expect((await disguised.checker.checkUploads(disguised.activity)).kind).toBe('private');
});

test('a zip of only the public certificate is checked, without asking for the key it was told to leave out', async () => {
  const expired = uploads({ 'NPKI.zip': zipSync({ 'NPKI/yessign/USER/x/signCert.der': certOf('expired') }) });
  const outcome = await expired.checker.checkUploads(expired.activity);
  expect(outcome.kind === 'report' && outcome.report.problems.map((p) => p.code)).toEqual(['EXPIRED']);
  const valid = uploads({ 'NPKI.zip': zipSync({ 'NPKI/yessign/USER/x/signCert.der': certOf('valid-yessign') }) });
  const fine = await valid.checker.checkUploads(valid.activity);
  expect(fine.kind === 'report' && fine.report).toMatchObject({ ok: true, problems: [] });
});

test('a file that is not a certificate is answered with what to upload here', async () => {
  const { checker, activity } = uploads({ 'photo.png': set.fixtures['foreign-photo.png'].files[0].bytes });
  const outcome = await checker.checkUploads(activity);
  const problem = outcome.kind === 'report' ? outcome.report.problems[0] : undefined;
  expect(problem?.fix_ko).toMatch(/signCert\.der\)만 올려 주세요/);
  expect(problem?.fix_ko).not.toMatch(/pfx/);
});

describe('a report from the page (local check)', () => {
  const checker = new CertChecker({ read: async () => ({ ok: false, reason: 'unavailable' }) }, () => FIXTURE_NOW);
  const good = {
    input: 'C:\\Users\\홍길동\\NPKI\\signPri.key',
    ok: false,
    problems: [{ code: 'WRONG_PASSWORD', severity: 'error', message_ko: 'm', message_en: 'm', fix_ko: 'f', fix_en: 'f', file: 'signPri.key' }],
    certificate: null,
    privateKey: { present: true, encryption: 'PBES1-SHA1-SEED-CBC', decrypted: false, matchesCertificate: null, hasRandomNum: null },
    identity: null,
    otherCertificates: ['x'],
  };

  test('is accepted when it matches the schema, keeping only a base name and short texts', () => {
    const outcome = checker.fromLocalReport({ ...good, problems: [{ ...good.problems[0], message_ko: 'x'.repeat(5000) }] });
    if (outcome.kind !== 'report') throw new Error(outcome.kind);
    expect(outcome.report.input).toBe('signPri.key');
    expect(outcome.report.problems[0].message_ko.length).toBeLessThanOrEqual(401);
    expect(outcome.report.otherCertificates).toEqual([]);
  });

  test.each([
    ['not an object', 'hello'],
    ['an unknown problem code', { ...good, problems: [{ ...good.problems[0], code: 'HACKED' }] }],
    ['a missing field', { ...good, ok: undefined }],
  ])('is refused when it is %s', (_name, value) => {
    expect(checker.fromLocalReport(value)).toEqual({ kind: 'invalid_report' });
  });
});
