// STORAGE=postgres uploads: two apps on ONE schema. A certificate uploaded through A is served by B
// (to that conversation only); a private key is refused without ever being inserted (an audit
// trigger on the test schema records every insert, and the audit is scanned).
import pg from 'pg';
import { generateFixtures } from '../cert-core/fixtures/generate.js';
import { api, waitFor } from '../directline/test-support.js';
import { describePostgres, TEST_DATABASE_URL } from '../storage/postgres/test-support.js';
import { twoInstances, type Instance } from '../test/support/postgres-env.js';

const pair = generateFixtures().fixtures['valid-yessign'].files;
const keyBytes = pair.find((f) => f.name.endsWith('signPri.key'))!.bytes;
const certBytes = pair.find((f) => f.name.endsWith('signCert.der'))!.bytes;

interface Sent {
  from: { role?: string };
  text?: string;
  attachments?: { name?: string; contentUrl?: string }[];
}

describePostgres('uploads shared by two instances (STORAGE=postgres)', () => {
  const two = twoInstances();
  const schema = two.schema;
  let a: Instance;
  let b: Instance;
  let db: pg.Client;

  beforeAll(async () => {
    a = two.a();
    b = two.b();
    db = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    await db.connect();
    // Test-only: every row ever inserted into attachments, kept after a discard or purge deletes it.
    await db.query(`CREATE TABLE attachment_audit AS SELECT * FROM attachments WITH NO DATA;
      CREATE FUNCTION audit_attachment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO attachment_audit SELECT NEW.*; RETURN NULL; END; $$;
      CREATE TRIGGER attachments_audit AFTER INSERT ON attachments FOR EACH ROW EXECUTE FUNCTION audit_attachment();`);
  }, 120_000);
  afterAll(async () => {
    await db?.end();
  });

  /** A customer whose conversation starts on A; uploads go to A, reads to B. */
  async function customer() {
    const { token } = (await api<{ token: string }>(`${a.url}/api/webchat/token`, { method: 'POST' })).body;
    const { conversationId } = (await api<{ conversationId: string }>(`${a.url}/v3/directline/conversations`, { method: 'POST', credential: token })).body;
    const seen: Sent[] = [];
    let watermark = '';
    return {
      conversationId,
      token,
      async upload(...files: { name: string; bytes: Uint8Array }[]) {
        const form = new FormData();
        form.append(
          'activity',
          new Blob([JSON.stringify({ type: 'message', from: { id: 'u' }, locale: 'ko-KR' })], { type: 'application/vnd.microsoft.activity' }),
        );
        for (const file of files) form.append('file', new Blob([Buffer.from(file.bytes)]), file.name);
        const response = await fetch(`${a.url}/v3/directline/conversations/${conversationId}/upload`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}` },
          body: form,
        });
        expect(response.status).toBe(200);
      },
      /** Reads the conversation through B until a bot reply matches. */
      async replyOnB(pattern: RegExp) {
        return waitFor(async () => {
          const page = await api<{ activities: Sent[]; watermark: string }>(
            `${b.url}/v3/directline/conversations/${conversationId}/activities?watermark=${watermark}`,
            { credential: token },
          );
          watermark = page.body.watermark;
          seen.push(...page.body.activities);
          return seen.find((activity) => activity.from.role === 'bot' && pattern.test(`${activity.text ?? ''} ${JSON.stringify(activity.attachments ?? [])}`));
        }, 20_000);
      },
      /** The contentUrl the channel gave an uploaded file, rebased onto instance B. */
      fileUrlOnB(name: string) {
        const url = seen
          .flatMap((activity) => (activity.from.role === 'user' ? (activity.attachments ?? []) : []))
          .find((file) => file.name === name)?.contentUrl;
        if (!url) throw new Error(`no upload named ${name}`);
        return url.replace(a.url, b.url);
      },
    };
  }

  const download = (url: string, credential?: string) => fetch(url, credential ? { headers: { Authorization: `Bearer ${credential}` } } : {});

  test('a certificate uploaded to A is checked, stored once, and downloaded from B with its conversation token only', async () => {
    const alice = await customer();
    const mallory = await customer();
    await alice.upload({ name: 'signCert.der', bytes: certBytes });
    await alice.replyOnB(/인증서 확인 결과/);
    const { rows } = await db.query<{ conversation_id: string; name: string; bytes: Buffer }>(
      'SELECT conversation_id, name, bytes FROM attachments WHERE conversation_id = $1',
      [alice.conversationId],
    );
    expect(rows.map((row) => ({ name: row.name, same: Buffer.compare(row.bytes, Buffer.from(certBytes)) === 0 }))).toEqual([
      { name: 'signCert.der', same: true },
    ]);

    const unsigned = alice.fileUrlOnB('signCert.der').replace(/\?sig=.*$/, '');
    const mine = await download(unsigned, alice.token);
    expect(mine.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await mine.arrayBuffer()), Buffer.from(certBytes))).toBe(0);
    // Another conversation's token, a forged signature, no credential: refused.
    expect((await download(unsigned, mallory.token)).status).toBe(403);
    expect((await download(`${unsigned}?sig=forged`)).status).toBe(401);
    expect((await download(unsigned)).status).toBe(401);
    // The signed contentUrl (what Web Chat shows) works on B too: the signature key is shared.
    expect((await download(alice.fileUrlOnB('signCert.der'))).status).toBe(200);
  }, 60_000);

  test('a private key uploaded with its certificate is refused and never inserted; the certificate of that message goes too', async () => {
    const bob = await customer();
    const disguised = await customer();
    await bob.upload({ name: 'signPri.key', bytes: keyBytes }, { name: 'signCert.der', bytes: certBytes });
    await bob.replyOnB(/개인키 파일은 받지 않았어요/);
    // The same key under an innocent name is recognised by its content.
    await disguised.upload({ name: 'photo.der', bytes: keyBytes });
    await disguised.replyOnB(/개인키 파일은 받지 않았어요/);

    const audit = await db.query<{ conversation_id: string; name: string; bytes: Buffer }>('SELECT conversation_id, name, bytes FROM attachment_audit');
    expect(audit.rows.length).toBeGreaterThan(0); // the audit sees inserts (the certificate of the first test, this one's)
    const key = Buffer.from(keyBytes);
    for (const row of audit.rows) {
      expect({ name: row.name, holdsKey: row.bytes.includes(key.subarray(0, 64)) }).toEqual({ name: row.name, holdsKey: false });
      expect(row.name).not.toMatch(/signPri|photo\.der/);
    }
    // Refusing discards every file of the message: nothing of Bob's is left in the table or served.
    expect((await db.query('SELECT 1 FROM attachments WHERE conversation_id = ANY($1)', [[bob.conversationId, disguised.conversationId]])).rowCount).toBe(0);
    for (const name of ['signPri.key', 'signCert.der']) {
      expect({ name, status: (await download(bob.fileUrlOnB(name), bob.token)).status }).toEqual({ name, status: 404 });
      expect({ name, status: (await download(bob.fileUrlOnB(name).replace(b.url, a.url), bob.token)).status }).toEqual({ name, status: 404 });
    }
  }, 60_000);
});
