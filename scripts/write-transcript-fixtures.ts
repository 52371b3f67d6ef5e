// Writes the certificate files the transcript corpus uploads (test/transcripts/fixtures/<case>/<file>)
// from cert-core's fixture generator. The generator makes fresh RSA keys on every run, so the bytes
// differ each time: the files are committed, and re-running this is only needed to add a case.
// They are valid around FIXTURE_NOW (2025-06-15): upload scripts set `now: 2025-06-15T12:00:00+09:00`.
//   node --import tsx scripts/write-transcript-fixtures.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { generateFixtures, type Fixture } from '../cert-core/fixtures/generate.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/transcripts/fixtures');

/** One file of a generator fixture, found by the end of its name (NPKI folders carry the owner's name). */
function fileOf(fixture: Fixture, ending: string): Uint8Array {
  const file = fixture.files.find((f) => f.name.endsWith(ending));
  if (!file) throw new Error(`no ${ending} in the fixture (${fixture.files.map((f) => f.name).join(', ')})`);
  return file.bytes;
}

function main(): void {
  const { fixtures } = generateFixtures();
  const cert = (name: string) => fileOf(fixtures[name], 'signCert.der');
  const valid = fixtures['valid-yessign'];
  const npkiCert = valid.files.find((f) => f.name.endsWith('signCert.der'))!;
  // Each upload case: folder → file name → bytes.
  const cases: Record<string, Record<string, Uint8Array>> = {
    valid: { 'signCert.der': cert('valid-yessign') },
    expired: { 'signCert.der': cert('expired') },
    'renewal-window': { 'signCert.der': cert('renewal-window') },
    'not-yet-valid': { 'signCert.der': cert('not-yet-valid') },
    foreign: { 'photo.png': fileOf(fixtures['foreign-photo.png'], 'photo.png') },
    damaged: { 'signCert.der': cert('damaged-cert') },
    tls: { 'server.crt': fileOf(fixtures['tls-server-cert'], 'server.crt') },
    // The key of the valid pair (encrypted with FIXTURE_PASSWORD): the bot must refuse it unread.
    key: { 'signPri.key': fileOf(valid, 'signPri.key') },
    'zip-with-key': { 'NPKI.zip': fileOf(fixtures['zip-npki'], 'NPKI.zip') },
    // A zip of the NPKI folder with the certificate only (what the upload card asks for).
    'zip-cert-only': { 'NPKI.zip': zipSync({ [npkiCert.name]: npkiCert.bytes }, { mtime: new Date('2025-06-01T00:00:00Z') }) },
  };
  for (const [folder, files] of Object.entries(cases)) {
    for (const [name, bytes] of Object.entries(files)) {
      mkdirSync(path.join(dir, folder), { recursive: true });
      writeFileSync(path.join(dir, folder, name), bytes);
      console.log(`${folder}/${name} (${bytes.length} bytes)`);
    }
  }
}

main();
