// GET /v3/directline/session/getsessionid — asked by Web Chat's sign-in (code_challenge) and by
// Botium's connector on start; it used to answer 404.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { DirectLine, ConnectionStatus } from 'botframework-directlinejs';
import { TEST_SECRET, api, installBrowserGlobals, startChannel, startConversation, waitFor, type RunningChannel } from './test-support.js';

describe('GET /session/getsessionid', () => {
  let running: RunningChannel;
  let restoreGlobals: () => void;
  const url = () => `${running.base}/session/getsessionid`;

  beforeAll(async () => {
    restoreGlobals = installBrowserGlobals();
    running = await startChannel();
  });
  afterAll(async () => {
    await running.close();
    restoreGlobals();
  });

  test('a token gets one stable session id for its conversation and user; others get other ids', async () => {
    const alice = await startConversation(running, 'dl_alice');
    const first = await api(url(), { credential: alice.token });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ sessionId: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect((await api(url(), { credential: alice.token })).body.sessionId).toBe(first.body.sessionId);
    // A refreshed token is the same conversation and user: the same session.
    const refreshed = await api(`${running.base}/tokens/refresh`, { method: 'POST', credential: alice.token });
    expect((await api(url(), { credential: refreshed.body.token })).body.sessionId).toBe(first.body.sessionId);

    const bob = await startConversation(running, 'dl_bob');
    const other = await api(url(), { credential: bob.token });
    expect(other.status).toBe(200);
    expect(other.body.sessionId).not.toBe(first.body.sessionId);
    // Nothing of the conversation or the user shows in the id.
    expect(first.body.sessionId).not.toContain(alice.conversationId);
    expect(first.body.sessionId).not.toContain('alice');
  });

  test('a token without a user claim gets the session of the user the conversation was started for', async () => {
    const { conversationId, token } = await running.channel.generateToken();
    const started = await api(`${running.base}/conversations`, { method: 'POST', credential: token, json: { user: { id: 'dl_carol' } } });
    expect(started.status).toBe(201);
    const asked = await api(url(), { credential: token });
    expect(asked.status).toBe(200);
    const sameUser = await running.channel.generateToken({ userId: 'dl_carol' });
    expect(sameUser.conversationId).not.toBe(conversationId);
    expect((await api(url(), { credential: sameUser.token })).body.sessionId).not.toBe(asked.body.sessionId);
  });

  test('refusals are specific: no credential 401, a forged token 403, the secret 400, a token whose conversation never started 404', async () => {
    expect((await api(url())).status).toBe(401);
    expect((await api(url(), { credential: 'forged.token.value' })).status).toBe(403);
    const withSecret = await api(url(), { credential: TEST_SECRET });
    expect(withSecret.status).toBe(400);
    expect(withSecret.body.error).toEqual({ code: 'BadArgument', message: expect.stringMatching(/token/) });
    const unstarted = await running.channel.generateToken();
    expect((await api(url(), { credential: unstarted.token })).status).toBe(404);
  });

  test('botframework-directlinejs getSessionId() (what Web Chat and Botium call) receives it', async () => {
    const { token } = await running.channel.generateToken({ userId: 'dl_dave' });
    const directLine = new DirectLine({ token, domain: running.base, webSocket: false, pollingInterval: 200 } as any);
    const subscription = directLine.activity$.subscribe(() => undefined);
    try {
      await waitFor(() => directLine.connectionStatus$.getValue() === ConnectionStatus.Online || undefined);
      const sessionId = await new Promise<string>((resolve, reject) => directLine.getSessionId().subscribe(resolve, reject));
      expect(sessionId).toBe((await api(url(), { credential: token })).body.sessionId);
      expect(sessionId).not.toBe('');
    } finally {
      subscription.unsubscribe();
      directLine.end();
    }
  });
});
