// The --url target against a real Direct Line channel (this repo's) with small scripted bots: the
// bot's end-of-turn mark ends a turn; without marks, silence does, and nothing is cut short.
import { afterEach, describe, expect, test } from '@jest/globals';
import type { Activity } from 'botbuilder';
import type { DirectLineChannel } from '../../directline/channel.js';
import { startChannel, type RunningChannel } from '../../directline/test-support.js';
import { directLineTarget } from './direct-line.js';
import { DEFAULT_LOCALE, DEFAULT_NOW, type Script } from './script.js';

let running: RunningChannel | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

type Reply = Partial<Activity>;
/** A channel whose bot answers each text with `replies[text]`, in order (`delayMs` before each). */
async function serve(replies: Record<string, Reply[]>, delayMs = 0, limitedTokenCalls = 0): Promise<string> {
  running = await startChannel({
    onDeliver: async (activity: Activity, channel: DirectLineChannel) => {
      const answer = activity.type === 'conversationUpdate' ? replies.greeting : replies[activity.text ?? ''];
      for (const reply of answer ?? []) {
        if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
        await channel.postFromBot(activity.conversation.id, { type: 'message', replyToId: activity.id, ...reply });
      }
    },
  });
  // The page's token endpoint, as the assistant's server has it.
  // The first `limitedTokenCalls` calls meet the server's per-client limit (429 + Retry-After).
  let tokenCalls = 0;
  running.server.post(
    '/api/webchat/token',
    async (_req: unknown, res: { header: (name: string, value: string) => void; send: (status: number, body: unknown) => void }) => {
      if (++tokenCalls <= limitedTokenCalls) {
        res.header('Retry-After', '1');
        res.send(429, { error: { code: 'TooManyRequests', message: 'slow down' } });
        return;
      }
      res.send(200, await running!.channel.generateToken());
    },
  );
  return running.base.replace(/\/v3\/directline$/, '');
}

const script: Script = { name: 't', file: 't.test.yaml', locale: DEFAULT_LOCALE, now: DEFAULT_NOW, steps: [] };
const texts = (replies: Reply[]) => replies.map((reply) => reply.text);

describe('directLineTarget', () => {
  test('a marked turn: every reply up to the one marked expectingInput; the greeting too', async () => {
    const base = await serve({
      greeting: [{ text: 'hello', inputHint: 'expectingInput' }],
      two: [
        { text: 'one', inputHint: 'ignoringInput' },
        { text: 'two', inputHint: 'expectingInput' },
      ],
    });
    const conversation = await directLineTarget(base).open(script);
    expect(texts((await conversation.send({ type: 'conversationUpdate' })).replies)).toEqual(['hello']);
    expect(texts((await conversation.send({ type: 'message', text: 'two' })).replies)).toEqual(['one', 'two']);
    await conversation.close();
  });

  test("a server's per-client limit (429 with Retry-After) is waited out, then the replay goes on", async () => {
    const base = await serve({ hi: [{ text: 'hello', inputHint: 'expectingInput' }] }, 0, 1);
    const conversation = await directLineTarget(base).open(script);
    expect(texts((await conversation.send({ type: 'message', text: 'hi' })).replies)).toEqual(['hello']);
    await conversation.close();
  });

  test('a limit that stays is an error naming the 429, not a hang', async () => {
    const base = await serve({}, 0, 10);
    await expect(directLineTarget(base).open(script)).rejects.toThrow(/429 slow down/);
  }, 15_000);

  test("a server that does not mark: botbuilder's default acceptingInput is no end; silence ends the turn with every reply", async () => {
    const base = await serve({
      two: [{ text: 'first', inputHint: 'acceptingInput' }, { text: 'second' }],
    });
    const conversation = await directLineTarget(base).open(script);
    expect(texts((await conversation.send({ type: 'message', text: 'two' })).replies)).toEqual(['first', 'second']);
    expect((await conversation.send({ type: 'message', text: 'nothing' })).replies).toEqual([]);
    await conversation.close();
  });

  test('a mark on a reply to something else (another activity, or none) does not end this turn', async () => {
    const base = await serve({
      go: [
        { text: 'proactive', inputHint: 'expectingInput', replyToId: undefined },
        { text: 'elsewhere', inputHint: 'expectingInput', replyToId: 'other|0000009' },
        { text: 'mine', inputHint: 'expectingInput' },
      ],
    });
    const conversation = await directLineTarget(base).open(script);
    expect(texts((await conversation.send({ type: 'message', text: 'go' })).replies)).toEqual(['proactive', 'elsewhere', 'mine']);
    await conversation.close();
  });

  test('--end-of-turn silence ignores marks: late replies of the turn still arrive in it', async () => {
    const base = await serve({ two: [{ text: 'early', inputHint: 'expectingInput' }, { text: 'late' }] }, 20);
    const conversation = await directLineTarget(base, { endOfTurn: 'silence' }).open(script);
    expect(texts((await conversation.send({ type: 'message', text: 'two' })).replies)).toEqual(['early', 'late']);
    await conversation.close();
  });

  test('each conversation is bound to a user of its own unless the script names one', async () => {
    const base = await serve({});
    const target = directLineTarget(base);
    const users: string[] = [];
    for (const named of [undefined, undefined, 'qa-user']) {
      const conversation = await target.open({ ...script, ...(named ? { user: named } : {}) });
      await conversation.send({ type: 'message', text: 'hi' });
      await conversation.close();
    }
    for (const activity of running!.delivered) if (activity.type === 'message') users.push(activity.from.id);
    expect(users).toHaveLength(3);
    expect(new Set(users).size).toBe(3);
    expect(users[2]).toBe('qa-user');
    expect(users[0]).toMatch(/^replay-[0-9a-f-]{36}$/);
  });
});
