import { ActivityTypes, TestAdapter, TranscriptLoggerMiddleware, type Activity } from 'botbuilder';
import { noteTurnFacts, TURN_FACTS_TRACE } from '../lib/turn-facts.js';
import { withTurnFacts } from './turn-facts-trace.js';

// The end of a turn on a Teams conversation: the facts trace reaches the transcript logger and no channel.

function harness(isAgent = false) {
  const logged: Partial<Activity>[] = [];
  const adapter = new TestAdapter(
    (context) =>
      withTurnFacts(
        context,
        async () => {
          if (context.activity.type !== ActivityTypes.Message) return;
          noteTurnFacts(context, { faq: 'what-is-a-certificate' });
          await context.sendActivity('answer');
        },
        () => isAgent,
      ),
    { channelId: 'msteams' },
  );
  adapter.use(new TranscriptLoggerMiddleware({ logActivity: (activity: Activity) => void logged.push(activity) }));
  return { adapter, logged, traces: () => logged.filter((a) => a.type === 'trace') };
}

test('a customer turn: one facts trace logged, only the answer sent', async () => {
  const { adapter, traces } = harness();
  await adapter.send('질문').assertReply('answer');
  expect(adapter.activeQueue).toEqual([]);
  expect(traces()).toEqual([expect.objectContaining({ name: TURN_FACTS_TRACE, value: { input: 'text', faq: 'what-is-a-certificate' } })]);
});

test("an agent's turn and a conversation update leave no facts", async () => {
  const agent = harness(true);
  await agent.adapter.send('질문').assertReply('answer');
  expect(agent.traces()).toEqual([]);
  const update = harness();
  await update.adapter.send({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'u', name: 'u' }] });
  expect(update.traces()).toEqual([]);
  expect(update.adapter.activeQueue).toEqual([]);
});
