import { afterEach, describe, expect, test } from '@jest/globals';
import { TEST_SECRET, api, startChannel, startConversation, type RunningChannel } from './test-support.js';

let running: RunningChannel | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

function storedAttachmentCount(r: RunningChannel): number {
  return (r.channel as unknown as { core: { attachments: { size: number } } }).core.attachments.size;
}

async function upload(url: string, token: string, form: FormData | string, contentType?: string) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (contentType) headers['Content-Type'] = contentType;
  const response = await fetch(url, { method: 'POST', headers, body: form });
  return { status: response.status, body: (await response.json()) as any };
}

const activityPart = (activity: object) => new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' });

describe('POST /conversations/{id}/upload', () => {
  test('an activity part plus files: files stored in memory, attachments with contentUrl delivered to the bot', async () => {
    running = await startChannel();
    const { base, channel, delivered } = running;
    const { conversationId, token } = await startConversation(running, 'dl_eve');
    const form = new FormData();
    form.append('activity', activityPart({ type: 'message', text: '인증서 확인해 주세요', attachments: [{ contentType: 'x', name: 'ignored' }] }));
    form.append('file', new Blob([new Uint8Array([1, 2, 3])], { type: 'application/x-pkcs12' }), 'cert.p12');
    form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'note.txt');
    const result = await upload(`${base}/conversations/${conversationId}/upload?userId=dl_eve`, token, form);
    expect(result.status).toBe(200);
    expect(result.body.id).toBe(`${conversationId}|0000001`);

    const message = delivered.find((d) => d.type === 'message')!;
    expect(message).toMatchObject({ id: result.body.id, text: '인증서 확인해 주세요', from: { id: 'dl_eve', role: 'user' } });
    expect(message.attachments).toEqual([
      { contentType: 'application/x-pkcs12', name: 'cert.p12', contentUrl: expect.stringMatching(new RegExp(`^${base}/attachments/[\\w-]+\\?sig=`)) },
      { contentType: 'text/plain', name: 'note.txt', contentUrl: expect.any(String) },
    ]);
    const [p12, note] = message.attachments!.map((a) => a.contentUrl!);
    expect(await channel.readAttachment(p12!, conversationId)).toEqual({
      contentType: 'application/x-pkcs12',
      name: 'cert.p12',
      bytes: new Uint8Array([1, 2, 3]),
    });
    expect(await channel.readAttachment(p12!, 'another-conversation')).toBeUndefined();
    expect(await channel.readAttachment(p12!.replace(/sig=.*/, 'sig=forged'))).toBeUndefined();

    const served = await fetch(note!);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe('hello');
    expect(served.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''note.txt");
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
  });

  test('Web Chat image previews (data: URLs in the activity part) are kept; anything else is dropped', async () => {
    running = await startChannel();
    const { conversationId, token } = await startConversation(running);
    const form = new FormData();
    form.append(
      'activity',
      activityPart({
        type: 'message',
        from: { id: 'u' },
        attachments: [
          { contentType: 'image/png', name: 'pic.png', thumbnailUrl: 'data:image/png;base64,iVBORw0KGgo=' },
          { contentType: 'text/plain', name: 'x.txt', thumbnailUrl: 'javascript:alert(1)' },
        ],
      }),
    );
    form.append('file', new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }), 'pic.png');
    form.append('file', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
    expect((await upload(`${running.base}/conversations/${conversationId}/upload`, token, form)).status).toBe(200);
    const [pic, text] = running.delivered.find((d) => d.type === 'message')!.attachments!;
    expect(pic).toMatchObject({ name: 'pic.png', thumbnailUrl: 'data:image/png;base64,iVBORw0KGgo=' });
    expect(text).not.toHaveProperty('thumbnailUrl');
    const served = await fetch(pic!.contentUrl!);
    expect(served.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''pic.png");
  });

  test('downloads need the URL signature, a token of that conversation, or the secret', async () => {
    running = await startChannel();
    const { base, delivered } = running;
    const mine = await startConversation(running, 'dl_owner');
    const other = await startConversation(running, 'dl_other');
    const form = new FormData();
    form.append('file', new Blob(['secret bytes']), 'a.bin');
    expect((await upload(`${base}/conversations/${mine.conversationId}/upload`, mine.token, form)).status).toBe(200);
    const contentUrl = delivered.find((d) => d.type === 'message')!.attachments![0]!.contentUrl!;
    const unsigned = contentUrl.replace(/\?sig=.*/, '');

    expect((await api(unsigned)).status).toBe(401);
    expect((await api(`${unsigned}?sig=forged`)).status).toBe(401);
    expect((await api(unsigned, { credential: other.token })).status).toBe(403);
    expect((await api(unsigned, { credential: mine.token })).status).toBe(200);
    expect((await api(`${base}/attachments/unknown`, { credential: mine.token })).status).toBe(403);
    expect((await api(unsigned, { credential: TEST_SECRET })).status).toBe(200);
    expect((await api(`${base}/attachments/unknown`, { credential: TEST_SECRET })).status).toBe(404);
  });

  test('uploaded bytes expire after the TTL (injected clock)', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    running = await startChannel({ now: () => now, attachmentTtlSeconds: 60 });
    const { base, channel, delivered } = running;
    const { conversationId, token } = await startConversation(running);
    const form = new FormData();
    form.append('activity', JSON.stringify({ type: 'message', from: { id: 'u' } }));
    form.append('file', new Blob(['abc']), 'a.bin');
    expect((await upload(`${base}/conversations/${conversationId}/upload`, token, form)).status).toBe(200);
    const contentUrl = delivered.find((d) => d.type === 'message')!.attachments![0]!.contentUrl!;
    expect(await channel.readAttachment(contentUrl)).toBeDefined();
    now += 61_000;
    expect(await channel.readAttachment(contentUrl)).toBeUndefined();
    expect((await api(contentUrl)).status).toBe(404);
  });

  test('a file over the cap: 413, nothing stored or delivered, and a ko+en notice from the bot in the conversation', async () => {
    running = await startChannel({ maxUploadBytes: 1024 });
    const { base, delivered } = running;
    const { conversationId, token } = await startConversation(running);
    const form = new FormData();
    form.append('activity', activityPart({ type: 'message', from: { id: 'u' } }));
    form.append('file', new Blob(['small']), 'small.txt');
    form.append('file', new Blob([new Uint8Array(1025)]), 'too-big.der');
    const result = await upload(`${base}/conversations/${conversationId}/upload`, token, form);
    expect(result.status).toBe(413);
    expect(result.body.error.code).toBe('MessageSizeTooBig');

    expect(storedAttachmentCount(running)).toBe(0);
    expect(delivered.filter((d) => d.type === 'message')).toEqual([]);
    const log = (await api(`${base}/conversations/${conversationId}/activities`, { credential: token })).body.activities;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ type: 'message', from: { role: 'bot' }, textFormat: 'plain' });
    expect(log[0].text).toBe(
      '"too-big.der" 파일이 너무 커요 (최대 1 KB). 더 작은 파일을 보내 주세요.\nThe file "too-big.der" is too large (max 1 KB). Please send a smaller file.',
    );
  });

  test('file names pass the door: masked in the stored activity and in the "too large" notice', async () => {
    const mask = (text: string) => text.replace(/\d{6}-\d{7}/g, '[masked]');
    running = await startChannel({
      maxUploadBytes: 1024,
      sanitizeIncoming: (activity) => ({ ...activity, attachments: activity.attachments?.map((a) => ({ ...a, name: a.name && mask(a.name) })) }),
      sanitizeFileName: mask,
    });
    const { base } = running;
    const { conversationId, token } = await startConversation(running);
    const small = new FormData();
    small.append('file', new Blob(['abc']), 'mine_900101-1234567.der');
    expect((await upload(`${base}/conversations/${conversationId}/upload?userId=u`, token, small)).status).toBe(200);
    const big = new FormData();
    big.append('file', new Blob([new Uint8Array(1025)]), 'big_900101-1234567.p12');
    expect((await upload(`${base}/conversations/${conversationId}/upload?userId=u`, token, big)).status).toBe(413);
    const stored = JSON.stringify(running.storage);
    expect(stored).toContain('mine_[masked].der');
    expect(stored).toContain('big_[masked].p12');
    expect(stored).not.toContain('1234567');
  });

  test('exactly at the cap is accepted', async () => {
    running = await startChannel({ maxUploadBytes: 1024 });
    const { conversationId, token } = await startConversation(running);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(1024)]), 'exact.der');
    expect((await upload(`${running.base}/conversations/${conversationId}/upload?userId=u`, token, form)).status).toBe(200);
    expect(storedAttachmentCount(running)).toBe(1);
  });

  test('a body far over any legitimate size is cut off with 413 without buffering it', async () => {
    running = await startChannel({ maxUploadBytes: 1024, maxFilesPerUpload: 2 });
    const { conversationId, token } = await startConversation(running);
    const form = new FormData();
    for (let i = 0; i < 2; i++) form.append('file', new Blob([new Uint8Array(400_000)]), `f${i}.bin`);
    const status = await upload(`${running.base}/conversations/${conversationId}/upload?userId=u`, token, form).then(
      (r) => r.status,
      () => 'connection closed',
    );
    expect(status).toBe(413);
    expect(storedAttachmentCount(running)).toBe(0);
    // Cut off by the hard cap, not by the per-file check (which would have posted a notice).
    expect((await api(`${running.base}/conversations/${conversationId}/activities`, { credential: token })).body.activities).toEqual([]);
  });

  test('malformed uploads: not multipart → 415, no file → 400, bad activity JSON → 400, too many files → 400', async () => {
    running = await startChannel({ maxFilesPerUpload: 2 });
    const { conversationId, token } = await startConversation(running);
    const url = `${running.base}/conversations/${conversationId}/upload?userId=u`;
    expect((await upload(url, token, '{"type":"message"}', 'application/json')).status).toBe(415);

    const empty = new FormData();
    empty.append('activity', activityPart({ type: 'message' }));
    expect((await upload(url, token, empty)).body.error.code).toBe('MissingProperty');

    const badJson = new FormData();
    badJson.append('activity', new Blob(['{nope'], { type: 'application/vnd.microsoft.activity' }));
    badJson.append('file', new Blob(['x']), 'x.txt');
    expect((await upload(url, token, badJson)).status).toBe(400);

    const many = new FormData();
    for (let i = 0; i < 3; i++) many.append('file', new Blob(['x']), `x${i}.txt`);
    expect((await upload(url, token, many)).status).toBe(400);
    expect(storedAttachmentCount(running)).toBe(0);
  });
});
