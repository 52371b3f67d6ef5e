import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, SignJWT } from 'jose';
import { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { BotFrameworkEndpoints } from '../../server/adapter.js';

type ServiceClientCredentials = Awaited<ReturnType<ServiceClientCredentialsFactory['createCredentials']>>;

export const TEST_APP_ID = '00000000-0000-0000-0000-0000000000b0';
export const CHANNEL_ISSUER = 'https://api.botframework.com';

/** What the bot sends to the Bot Connector with every outbound call (the fake connector records it). */
export const OUTBOUND_TOKEN = 'outbound-test-token';

/**
 * A stand-in for Microsoft's Bot Connector signing keys, on 127.0.0.1: an OpenID metadata document
 * and its key set, and a signer for channel tokens, so JWT mode runs the adapter's real validation
 * (issuer, audience, serviceurl claim, signature, key endorsements) with no network.
 */
export interface LocalBotFramework {
  /** `createApp` overrides: the adapter trusts this key set and gets outbound tokens locally. */
  endpoints: BotFrameworkEndpoints;
  /** Env keys for JWT mode with this app id. */
  env: Record<string, string>;
  /** A channel token as the Bot Connector signs it for `serviceUrl` (claims can be overridden). */
  channelToken(serviceUrl: string, claims?: Record<string, unknown>, options?: { key?: KeyObject; kid?: string }): Promise<string>;
  /** A key Microsoft never published: tokens it signs are forgeries. */
  strangerKey: KeyObject;
  close(): Promise<void>;
}

class LocalCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(private readonly appId: string) {
    super();
  }
  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }
  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }
  async createCredentials(): Promise<ServiceClientCredentials> {
    return {
      signRequest: async (request) => {
        request.headers.set('Authorization', `Bearer ${OUTBOUND_TOKEN}`);
        return request;
      },
    };
  }
}

export async function startLocalBotFramework(options: { endorsements?: string[] } = {}): Promise<LocalBotFramework> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = `test-${randomUUID()}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', endorsements: options.endorsements ?? ['msteams', 'emulator', 'webchat', 'directline'] };
  let base = '';
  const server = http.createServer((req, res) => {
    const body =
      req.url === '/v1/.well-known/openidconfiguration'
        ? { issuer: CHANNEL_ISSUER, jwks_uri: `${base}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] }
        : req.url === '/v1/.well-known/keys'
          ? { keys: [jwk] }
          : undefined;
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoints: { channelOpenIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`, credentialsFactory: new LocalCredentialsFactory(TEST_APP_ID) },
    env: { MicrosoftAppId: TEST_APP_ID, MicrosoftAppPassword: 'test-password-never-used' },
    strangerKey: stranger,
    channelToken: (serviceUrl, claims = {}, signing = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: CHANNEL_ISSUER, aud: TEST_APP_ID, iat: now, nbf: now, exp: now + 600, serviceurl: serviceUrl, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: signing.kid ?? kid, typ: 'JWT' })
        .sign(signing.key ?? privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
