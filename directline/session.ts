import { createHmac } from 'node:crypto';

/**
 * `GET /session/getsessionid`: the Direct Line session id of a token's conversation and user, as
 * Web Chat's sign-in flow (sent as the OAuth card's `code_challenge`) and Botium's connector ask for
 * it. Derived from the secret, so it is stable for the conversation and user, differs between them,
 * reveals neither, and needs nothing stored; a new secret changes every session id.
 */
export function sessionIdFor(secret: string, conversationId: string, userId: string): string {
  return createHmac('sha256', secret).update(`directline-session/v1\n${conversationId}\n${userId}`).digest('base64url');
}
