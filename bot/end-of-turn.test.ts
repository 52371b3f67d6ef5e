import { describe, expect, test } from '@jest/globals';
import { ActivityTypes, MessageFactory, TestAdapter, TranscriptLoggerMiddleware, MemoryTranscriptStore, type Activity, type TurnContext } from 'botbuilder';
import { markingEndOfTurn } from './end-of-turn.js';

/** Runs one turn of `logic` (wrapped in the marking) and returns what the channel got, in order. */
async function turn(logic: (context: TurnContext) => Promise<void>, onError?: (context: TurnContext, error: Error) => Promise<void>) {
  const adapter = new TestAdapter(async (context) => {
    try {
      await markingEndOfTurn(context, () => logic(context));
    } catch (error) {
      if (!onError) throw error;
      await onError(context, error as Error);
    }
  });
  const transcripts = new MemoryTranscriptStore();
  adapter.use(new TranscriptLoggerMiddleware(transcripts));
  await adapter.send('hi');
  const sent = adapter.activeQueue.splice(0) as Partial<Activity>[];
  await new Promise((resolve) => setTimeout(resolve, 10)); // the logger writes after the turn
  const logged = (await transcripts.getTranscriptActivities('test', adapter.conversation.conversation.id)).items.filter(
    (a) => a.from?.role !== 'user' && a.from?.id !== 'user',
  );
  return { sent, logged };
}

const hints = (activities: Partial<Activity>[]) => activities.map((a) => [a.type === 'message' ? a.text : a.type, a.inputHint]);

describe('the last reply of a turn says the turn is over', () => {
  test('three replies: the first two ignoringInput, the last expectingInput, order kept, each sent once', async () => {
    const { sent, logged } = await turn(async (context) => {
      await context.sendActivity('one');
      await context.sendActivities([MessageFactory.text('two'), MessageFactory.text('three')]);
    });
    expect(hints(sent)).toEqual([
      ['one', 'ignoringInput'],
      ['two', 'ignoringInput'],
      ['three', 'expectingInput'],
    ]);
    // Middleware that watches what is sent (the transcript logger) sees the marked activities too.
    expect(hints(logged)).toEqual(hints(sent));
  });

  test('one reply is the end; typing is neither held nor marked; a silent turn sends nothing', async () => {
    const { sent } = await turn(async (context) => {
      await context.sendActivity({ type: ActivityTypes.Typing });
      await context.sendActivity(MessageFactory.attachment({ contentType: 'application/vnd.microsoft.card.adaptive', content: {} }));
    });
    expect(sent.map((a) => [a.type, a.inputHint])).toEqual([
      ['typing', undefined],
      ['message', 'expectingInput'],
    ]);
    expect((await turn(async () => undefined)).sent).toEqual([]);
  });

  test('a turn that throws: what was held goes out ignoringInput, the apology sent afterwards is the end', async () => {
    const { sent } = await turn(
      async (context) => {
        await context.sendActivity('partial');
        throw new Error('boom');
      },
      async (context) => {
        await context.sendActivity('sorry');
      },
    );
    expect(hints(sent)).toEqual([
      ['partial', 'ignoringInput'],
      ['sorry', 'expectingInput'],
    ]);
  });

  test('callers still get one response per activity they sent', async () => {
    let responses: unknown[] = [];
    await turn(async (context) => {
      responses = await context.sendActivities([MessageFactory.text('a'), MessageFactory.text('b')]);
    });
    expect(responses).toHaveLength(2);
  });
});
