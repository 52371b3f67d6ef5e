import { MessageFactory, type Attachment } from 'botbuilder';
import type { BotEnvironment, BotLogic } from './in-process.js';

/**
 * A tiny bot for the replayer's own tests (no NLU to train): a card with two buttons, an echo, an
 * upload acknowledgement, an event answer — and a message it never answers, to test timeouts.
 */
export function fakeBot(environment: BotEnvironment): BotLogic {
  return async (context) => {
    const { activity } = context;
    if (activity.type === 'conversationUpdate') {
      await context.sendActivity('hello');
      return;
    }
    if (activity.type === 'event') {
      await context.sendActivity(`event ${activity.name} ${JSON.stringify(activity.value ?? null)}`);
      return;
    }
    const files = (activity.attachments ?? []).filter((a: Attachment) => a.contentUrl);
    for (const file of files) {
      const outcome = await environment.attachments.read(file, { channelId: activity.channelId, conversationId: activity.conversation.id });
      await context.sendActivity(outcome.ok ? `got ${outcome.file.name} (${outcome.file.bytes.byteLength} bytes)` : `could not read ${file.name}`);
    }
    if (files.length > 0) return;
    const value = activity.value as { pick?: string } | undefined;
    if (value?.pick) {
      await context.sendActivity(`You picked ${value.pick.toUpperCase()}`);
      return;
    }
    const text = activity.text ?? '';
    if (text === 'silence') return new Promise<void>(() => undefined); // never answers
    if (text === 'boom') throw new Error('kaboom');
    if (text === 'hi') {
      await context.sendActivity(MessageFactory.attachment(welcomeCard(environment.now())));
      return;
    }
    await context.sendActivity(`echo: ${text}`);
  };
}

function welcomeCard(now: Date) {
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'Welcome', style: 'heading' },
        { type: 'TextBlock', text: 'Choose one' },
        { type: 'FactSet', facts: [{ title: 'Today', value: now.toISOString().slice(0, 10) }] },
      ],
      actions: [
        { type: 'Action.Submit', title: 'A', data: { pick: 'a' } },
        { type: 'Action.Submit', title: 'B', data: { pick: 'b' } },
      ],
    },
  };
}
