import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  ConnectorFactory,
  JwtTokenValidation,
  type AuthenticateRequestResult,
  type ConnectorClient,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { InvokeResponse } from 'botbuilder';
import type { Config } from './config.js';

/**
 * Where Microsoft's keys and tokens come from. Production leaves both unset (Microsoft's public
 * endpoints); tests point them at a key set on 127.0.0.1, as `jwks` does for Teams SSO.
 */
export interface BotFrameworkEndpoints {
  /** OpenID metadata of the Bot Connector service's signing keys (ToBotFromChannelOpenIdMetadataUrl). */
  channelOpenIdMetadataUrl?: string;
  /** Outbound credentials (the bot's own token to the Bot Connector service). */
  credentialsFactory?: ServiceClientCredentialsFactory;
}

/**
 * CloudAdapter whose two steps, authenticating a request and running its turn, are separate, so the
 * /api/messages route decides what an authentication failure looks like (401, no internals) and
 * records who vouched for the turn before any bot code runs.
 */
export class CertAdapter extends CloudAdapter {
  private readonly clients = new ReusedConnectorClients();

  async authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const auth = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    return auth.connectorFactory ? { ...auth, connectorFactory: this.clients.reusing(auth, auth.connectorFactory) } : auth;
  }

  runAuthenticated(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

/**
 * Clients the SDK would build again on every turn, kept per key instead. Bounded (the oldest goes
 * first); a failed creation (e.g. credentials unavailable) is not remembered: the next turn tries again.
 */
export class ReusedClients<T> {
  private readonly clients = new Map<string, Promise<T>>();

  constructor(private readonly max = 64) {}

  get(key: string, create: () => Promise<T>): Promise<T> {
    let client = this.clients.get(key);
    if (!client) {
      if (this.clients.size >= this.max) this.clients.delete(this.clients.keys().next().value!);
      client = create();
      client.catch(() => this.clients.delete(key));
      this.clients.set(key, client);
    }
    return client;
  }
}

/**
 * The SDK builds a new ConnectorClient, and with it a new @azure/core-rest-pipeline pipeline, on every
 * turn, even an expectReplies turn that never sends (about 5% of a turn's CPU in the bench profile).
 * A client depends only on the bot's app id, the service URL and the audience, and its credentials
 * fetch and refresh their own tokens, so one client per such triple is reused. Bounded: service URLs
 * come from authenticated channels (or loopback in local mode), a handful in practice.
 */
class ReusedConnectorClients {
  private readonly clients = new ReusedClients<ConnectorClient>();

  reusing(auth: AuthenticateRequestResult, inner: ConnectorFactory): ConnectorFactory {
    const appId = JwtTokenValidation.getAppIdFromClaims(auth.claimsIdentity.claims) ?? '';
    const clients = this.clients;
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        return clients.get(`${appId}\n${serviceUrl}\n${audience ?? ''}`, () => inner.create(serviceUrl, audience));
      }
    })();
  }
}

/**
 * The SDK also builds a new UserTokenClient (a TokenApiClient with its own @azure/core-rest-pipeline
 * pipeline) for every turn, although it depends only on the bot's app id: about 6% of a turn's CPU in
 * the bench profile (bench/README.md). One client per app id is reused; the token service is called
 * only when a dialog asks for a user token, and the credentials refresh their own tokens.
 */
class ReusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly tokenClients = new ReusedClients<UserTokenClient>();

  override createUserTokenClient(identity: ClaimsIdentity): Promise<UserTokenClient> {
    // The SDK's own choice of app id for this client: the audience claim, else the app id claim.
    const key = identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
    return this.tokenClients.get(key, () => super.createUserTokenClient(identity));
  }
}

/** The Bot Framework settings from the standard keys, with Microsoft's endpoints or the ones given. */
export function botFrameworkCredentials(config: Config, endpoints: BotFrameworkEndpoints = {}) {
  return {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    // Overriding one endpoint means giving them all (the SDK then takes every value as intended).
    ...(endpoints.channelOpenIdMetadataUrl
      ? {
          ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
          ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
          ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
          OAuthUrl: AuthenticationConstants.OAuthUrl,
          ToBotFromChannelOpenIdMetadataUrl: endpoints.channelOpenIdMetadataUrl,
          ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
          CallerId: CallerIdConstants.PublicAzureChannel,
        }
      : {}),
  };
}

/** Bot Framework authentication from the standard keys; no app id = local mode (Emulator, anonymous). */
export function createAdapter(config: Config, endpoints: BotFrameworkEndpoints = {}): CertAdapter {
  const credentials = botFrameworkCredentials(config, endpoints);
  const auth = new ReusingAuthentication(credentials, endpoints.credentialsFactory ?? new ConfigurationServiceClientCredentialFactory(credentials));
  return new CertAdapter(auth);
}

/** Where in-process replies go: the embedded Direct Line channel's conversation log. */
export interface InProcessChannel {
  postFromBot(conversationId: string, activity: Partial<Activity>): Promise<{ id: string }>;
}

/**
 * A connector whose "service" is inside this process. Replies to Direct Line conversations are appended
 * straight to the channel's log: no HTTP round trip from the server to itself, no credentials to leak.
 * Only the operations CloudAdapter uses for sending are supported.
 */
class InProcessConnectorFactory extends ConnectorFactory {
  constructor(private readonly channel: InProcessChannel) {
    super();
  }

  async create(): Promise<ConnectorClient> {
    const send = (conversationId: string, activity: Partial<Activity>): Promise<ResourceResponse> => this.channel.postFromBot(conversationId, activity);
    const unsupported = async () => {
      throw new Error('not supported by the embedded Direct Line channel');
    };
    const conversations = {
      sendToConversation: send,
      replyToActivity: (conversationId: string, _replyToId: string, activity: Partial<Activity>) => send(conversationId, activity),
      updateActivity: unsupported,
      deleteActivity: unsupported,
    };
    return { conversations } as unknown as ConnectorClient;
  }
}

/** Runs one turn for an activity that arrived on the embedded Direct Line channel. */
export function processInProcess(
  adapter: CloudAdapter,
  config: Config,
  channel: InProcessChannel,
  activity: Activity,
  logic: (context: TurnContext) => Promise<void>,
): Promise<void> {
  const authResult: AuthenticateRequestResult = {
    // The channel lives in this process: the activity was authenticated by its Direct Line token.
    claimsIdentity: new ClaimsIdentity([
      { type: AuthenticationConstants.AudienceClaim, value: config.MicrosoftAppId ?? '' },
      { type: AuthenticationConstants.AppIdClaim, value: config.MicrosoftAppId ?? '' },
    ]),
    audience: 'in-process',
    callerId: undefined as unknown as string,
    connectorFactory: new InProcessConnectorFactory(channel),
  };
  return adapter.processActivityDirect(authResult, activity, logic);
}
