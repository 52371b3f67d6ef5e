// The SDK's own minimal bot, the baseline of `npm run bench`: the shape of the official 02.echo-bot
// sample (restify, CloudAdapter, ActivityHandler) plus ConversationState on MemoryStorage. The SDK's
// CloudAdapter and ConfigurationBotFrameworkAuthentication as the sample builds them, from OUR config
// parser and settings, so authentication is identical to the assistant's; what our CertAdapter saves
// on top of the SDK (reused connector and user-token clients) counts as ours.
// `node --import tsx bench/echo-bot.ts` prints its /api/messages URL on stdout.
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  ConversationState,
  MemoryStorage,
  MessageFactory,
  type TurnContext,
} from 'botbuilder';
import { botFrameworkCredentials } from '../server/adapter.js';
import { parseConfig } from '../server/config.js';
import './alloc-probe.js';

class EchoBot extends ActivityHandler {
  private readonly turns;

  constructor(private readonly conversationState: ConversationState) {
    super();
    this.turns = conversationState.createProperty<number>('turns');
    this.onMessage(async (context, next) => {
      const count = (await this.turns.get(context, 0)) + 1;
      await this.turns.set(context, count);
      await context.sendActivity(MessageFactory.text(`Echo: ${context.activity.text}`, `Echo: ${context.activity.text}`));
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
  }
}

const config = parseConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
const credentials = botFrameworkCredentials(config);
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(credentials, new ConfigurationServiceClientCredentialFactory(credentials)));
const bot = new EchoBot(new ConversationState(new MemoryStorage()));

const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`));
