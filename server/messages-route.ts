import type { Activity, TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type restify from 'restify';
import type { CertAdapter } from './adapter.js';
import { withCaller, type Caller } from '../bot/caller.js';
import type { Logger } from '../lib/logger.js';
import { isLoopbackUrl } from './loopback.js';

export interface MessagesRouteDeps {
  adapter: CertAdapter;
  logic: (context: TurnContext) => Promise<void>;
  logger: Logger;
  /** No MicrosoftAppId: anonymous requests are served, for the Emulator on this machine only. */
  localMode: boolean;
}

/** Channels whose ids mean something to this bot: only a verified Bot Framework token may claim them. */
const VOUCHED_CHANNELS = new Set(['msteams', 'directline']);

/**
 * Why local mode refuses an activity, or undefined. Without an app id nobody is authenticated, so
 * the bot must not call out anywhere but this machine (the Emulator listens on loopback) and must
 * not take the caller for Teams or for the embedded Direct Line channel.
 */
export function localModeProblem(activity: Partial<Activity>): string | undefined {
  if (!isLoopbackUrl(activity.serviceUrl)) {
    return 'Local mode (no MicrosoftAppId) serves the Bot Framework Emulator on this machine only: "serviceUrl" must be a loopback address (localhost, 127.0.0.1, ::1).';
  }
  if (VOUCHED_CHANNELS.has(activity.channelId ?? '')) {
    return `Local mode (no MicrosoftAppId) does not accept channelId "${activity.channelId}": that channel needs a Bot Framework token.`;
  }
  return undefined;
}

/**
 * POST /api/messages after the body was parsed and checked: refuse what local mode must not serve,
 * authenticate (any failure is a 401 that names no key, URL or library), then run the turn marked
 * with who vouched for it. Answers the invoke / expectReplies response, or 200.
 */
export async function handleMessages(deps: MessagesRouteDeps, req: restify.Request, res: restify.Response): Promise<void> {
  const activity = req.body as Activity;
  if (deps.localMode) {
    const problem = localModeProblem(activity);
    if (problem) {
      res.send(403, { error: { code: 'LocalModeOnly', message: problem } });
      return;
    }
  }
  let auth: AuthenticateRequestResult;
  try {
    auth = await deps.adapter.authenticate(activity, String(req.headers.authorization ?? ''));
  } catch (error) {
    deps.logger.warn({ err: { message: (error as Error).message }, channelId: activity.channelId }, 'bot framework authentication failed');
    res.header('WWW-Authenticate', 'Bearer');
    res.send(401, { error: { code: 'Unauthorized', message: 'A valid Bot Framework token is required.' } });
    return;
  }
  const caller: Caller = deps.localMode ? { via: 'local' } : { via: 'botframework', issuer: String(auth.claimsIdentity.getClaimValue('iss') ?? '') };
  try {
    const response = await deps.adapter.runAuthenticated(auth, activity, withCaller(caller, deps.logic));
    if (response?.body !== undefined) res.send(response.status ?? 200, response.body);
    else res.send(response?.status ?? 200);
  } catch (error) {
    deps.logger.error({ err: { message: (error as Error).message }, channelId: activity.channelId }, 'activity failed');
    res.send(500, { error: { code: 'ServiceError', message: 'The activity could not be processed.' } });
  }
}
