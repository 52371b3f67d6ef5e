// npm run bench:cert — cert-core performance against Node/OpenSSL native code on the same machine.
//  1. median time to inspect a signCert.der (the PyPinkSign sample);
//  2. decrypt-and-match a PBES2(PBKDF2-HMAC-SHA1, 2048 iterations)+SEED-CBC key with a 2048-bit RSA key,
//     vs Node's crypto.pbkdf2Sync + OpenSSL legacy seed-cbc + createPrivateKey + X509Certificate.checkPrivateKey;
//  3. SEED-CBC throughput (MB/s) vs OpenSSL legacy seed-cbc.
// The native side runs in a child `node --openssl-legacy-provider` because SEED lives in OpenSSL's legacy provider.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import forge from 'node-forge';
import { decryptPrivateKey, encryptPrivateKey, privateKeyMatchesCertificate, seedCbcEncrypt } from '../cert-core/crypto/index.js';
import { inspect } from '../cert-core/index.js';

const PASSWORD = 'bench-비밀번호-1234';
const ITERATIONS = 2048;
const SEED_BYTES = 4 << 20;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeMs(runs: number, work: () => void): number {
  work(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function nativeBench(params: Record<string, unknown>): { decryptMs: number; seedMBps: number } {
  const script = `
    const c = require('node:crypto');
    const p = JSON.parse(process.argv[1]);
    const median = (s) => s.sort((a, b) => a - b)[Math.floor(s.length / 2)];
    const salt = Buffer.from(p.salt, 'hex'), iv = Buffer.from(p.iv, 'hex'), ct = Buffer.from(p.ciphertext, 'hex');
    const cert = new c.X509Certificate(p.certPem);
    const work = () => {
      const key = c.pbkdf2Sync(p.password, salt, p.iterations, 16, 'sha1');
      const d = c.createDecipheriv('seed-cbc', key, iv);
      const plain = Buffer.concat([d.update(ct), d.final()]);
      const privateKey = c.createPrivateKey({ key: plain, format: 'der', type: 'pkcs8' });
      if (!cert.checkPrivateKey(privateKey)) throw new Error('no match');
    };
    work();
    const samples = [];
    for (let i = 0; i < p.runs; i++) { const t = performance.now(); work(); samples.push(performance.now() - t); }
    const data = c.randomBytes(p.seedBytes), key = c.randomBytes(16);
    const seedSamples = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const e = c.createCipheriv('seed-cbc', key, iv); e.update(data); e.final();
      seedSamples.push(performance.now() - t);
    }
    console.log(JSON.stringify({ decryptMs: median(samples), seedMBps: p.seedBytes / 1e6 / (median(seedSamples) / 1000) }));
  `;
  const out = execFileSync(process.execPath, ['--openssl-legacy-provider', '-e', script, JSON.stringify(params)], { encoding: 'utf8' });
  return JSON.parse(out);
}

function main(): void {
  const signCert = new Uint8Array(readFileSync(new URL('../../shared/interop/pypinksign/signCert.der', import.meta.url)));
  const inspectMs = timeMs(200, () => inspect([{ name: 'signCert.der', bytes: signCert }], { now: new Date() }));

  const { privateKey: pem } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const privateKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date();
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ shortName: 'CN', value: 'bench' }]);
  cert.setIssuer([{ shortName: 'CN', value: 'bench' }]);
  cert.sign(privateKey, forge.md.sha256.create());
  const salt = new Uint8Array(randomBytes(8));
  const iv = new Uint8Array(randomBytes(16));
  const encrypted = encryptPrivateKey(privateKey, PASSWORD, 'PBES2-HMAC-SHA1-SEED-CBC', { iterations: ITERATIONS, salt, iv });
  const decryptAndMatch = () => {
    const result = decryptPrivateKey(encrypted, PASSWORD);
    if (!result.ok || !privateKeyMatchesCertificate(result.privateKey, cert)) throw new Error('benchmark key did not decrypt');
  };
  // In Node, forge hands PBKDF2 to node:crypto; browsers run forge's pure-JS PBKDF2. Measure both.
  const oursDecryptMs = timeMs(15, decryptAndMatch);
  // forge.options exists at run time but is missing from @types/node-forge.
  const forgeOptions = (forge as unknown as { options: { usePureJavaScript: boolean } }).options;
  forgeOptions.usePureJavaScript = true;
  const pureJsDecryptMs = timeMs(15, decryptAndMatch);
  forgeOptions.usePureJavaScript = false;
  // The ciphertext is the last OCTET STRING of EncryptedPrivateKeyInfo.
  const ciphertext = forge.util.binary.raw.decode((forge.asn1.fromDer(forge.util.binary.raw.encode(encrypted)).value as forge.asn1.Asn1[])[1].value as string);

  const seedData = new Uint8Array(randomBytes(SEED_BYTES));
  const seedKey = new Uint8Array(randomBytes(16));
  const seedMs = timeMs(3, () => seedCbcEncrypt(seedKey, iv, seedData));
  const oursSeedMBps = SEED_BYTES / 1e6 / (seedMs / 1000);

  const native = nativeBench({
    salt: hex(salt),
    iv: hex(iv),
    ciphertext: hex(ciphertext),
    password: PASSWORD,
    iterations: ITERATIONS,
    runs: 15,
    seedBytes: SEED_BYTES,
    certPem: forge.pki.certificateToPem(cert),
  });

  const rows = [
    ['inspect signCert.der (median)', `${inspectMs.toFixed(2)} ms`, '—', '—'],
    [
      `decrypt+match PBES2/SEED key, PBKDF2-SHA1 ×${ITERATIONS}, RSA-2048 (forge uses node:crypto PBKDF2 in Node)`,
      `${oursDecryptMs.toFixed(2)} ms`,
      `${native.decryptMs.toFixed(2)} ms`,
      `${(oursDecryptMs / native.decryptMs).toFixed(2)} (time)`,
    ],
    [
      `same, pure JavaScript as in browsers`,
      `${pureJsDecryptMs.toFixed(2)} ms`,
      `${native.decryptMs.toFixed(2)} ms`,
      `${(pureJsDecryptMs / native.decryptMs).toFixed(2)} (time)`,
    ],
    [
      `SEED-CBC encrypt throughput (${SEED_BYTES >> 20} MiB)`,
      `${oursSeedMBps.toFixed(1)} MB/s`,
      `${native.seedMBps.toFixed(1)} MB/s`,
      `${(oursSeedMBps / native.seedMBps).toFixed(2)} (speed)`,
    ],
  ];
  const header = ['measure', 'cert-core (JS)', 'Node/OpenSSL native', 'ours ÷ native'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log([line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
  console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}`);
}

main();
