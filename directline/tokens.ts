import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { DirectLineError } from './errors.js';

/** What a Direct Line token grants: one conversation, optionally one user id, until `exp`. */
export interface TokenClaims {
  conversationId: string;
  userId?: string;
  /** Issued at, seconds since epoch. */
  iat: number;
  /** Expiry, seconds since epoch. */
  exp: number;
  /** When the first token of this refresh chain was issued (seconds): refreshes never go past it + max age. */
  chainStart: number;
}

/** Conversations whose tokens were revoked (the conversation ended); see revocations.ts. */
export interface RevocationCheck {
  /** Tokens of the conversation issued at or before this time (seconds) are refused; undefined = none revoked. */
  revokedAt(conversationId: string): Promise<number | undefined>;
}

export interface TokenLifetimes {
  /** Lifetime of one token. */
  ttlSeconds: number;
  /** Longest a chain of refreshed tokens lasts, from its first token. */
  maxAgeSeconds: number;
}

/** The identity behind an authenticated request: the master secret or a conversation token. */
export type Principal = { kind: 'secret' } | { kind: 'token'; claims: TokenClaims };

/**
 * Self-contained signed tokens in JWT form (HS256, signed and verified by `jose`). JWT because Web
 * Chat / directlinejs decode the token (jwt-decode) to read a `user` claim; self-contained because
 * nothing has to be stored or swept per token. The signing key is derived from the Direct Line
 * secret, so a restart with the same secret keeps issued tokens valid, and a new secret revokes them all.
 */
export class TokenService {
  private readonly signingKey: Buffer;
  private readonly secretDigest: Buffer;

  private readonly ttlSeconds: number;
  private readonly maxAgeSeconds: number;

  constructor(
    secret: string,
    lifetimes: number | TokenLifetimes,
    private readonly now: () => number,
    private readonly revocations?: RevocationCheck,
  ) {
    this.ttlSeconds = typeof lifetimes === 'number' ? lifetimes : lifetimes.ttlSeconds;
    this.maxAgeSeconds = typeof lifetimes === 'number' ? 24 * 60 * 60 : lifetimes.maxAgeSeconds;
    if (!secret) throw new Error('Direct Line secret must not be empty');
    this.signingKey = createHmac('sha256', secret).update('directline-token-signing-key/v1').digest();
    // Compare keyed digests, not raw strings, so the comparison is constant-time whatever the lengths.
    this.secretDigest = secretCompareDigest(secret);
  }

  /**
   * A token for one conversation. `chainStart` continues the chain of the token being refreshed
   * (or reused on reconnect): the new token never outlives the chain's maximum age, and once that
   * age is reached no new token is issued — a leaked token cannot be kept alive forever.
   */
  async issue(conversationId: string, userId?: string, chainStart?: number): Promise<{ token: string; expires_in: number }> {
    const nowSeconds = Math.floor(this.now() / 1000);
    const start = chainStart ?? nowSeconds;
    const exp = Math.min(nowSeconds + this.ttlSeconds, start + this.maxAgeSeconds);
    if (exp <= nowSeconds) {
      const hours = Math.round((this.maxAgeSeconds / 3600) * 10) / 10;
      throw new DirectLineError(
        403,
        'TokenExpired',
        `This conversation's token cannot be renewed any more (at most ${hours} hours from the first token). Start a new conversation.`,
      );
    }
    const token = await new SignJWT({ conv: conversationId, chain_iat: start, ...(userId ? { user: userId } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(nowSeconds)
      .setExpirationTime(exp)
      .setJti(randomBytes(9).toString('base64url'))
      .sign(this.signingKey);
    return { token, expires_in: exp - nowSeconds };
  }

  isSecret(candidate: string): boolean {
    return timingSafeEqual(secretCompareDigest(candidate), this.secretDigest);
  }

  /** Verifies signature and expiry. Throws 403 like the real service (directlinejs treats 403 as "token expired"). */
  async verify(token: string): Promise<TokenClaims> {
    let payload: { conv?: unknown; user?: unknown; exp?: unknown; iat?: unknown; chain_iat?: unknown };
    try {
      ({ payload } = await jwtVerify(token, this.signingKey, { algorithms: ['HS256'], currentDate: new Date(this.now()) }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new DirectLineError(403, 'TokenExpired', 'The token has expired.');
      throw new DirectLineError(403, 'Forbidden', 'The token is not valid.');
    }
    if (typeof payload.conv !== 'string' || typeof payload.exp !== 'number' || typeof payload.iat !== 'number') {
      throw new DirectLineError(403, 'Forbidden', 'The token is not valid.');
    }
    return {
      conversationId: payload.conv,
      iat: payload.iat,
      exp: payload.exp,
      chainStart: typeof payload.chain_iat === 'number' ? payload.chain_iat : payload.iat,
      ...(typeof payload.user === 'string' ? { userId: payload.user } : {}),
    };
  }

  /** Resolves a bearer credential: the secret, or a valid token of a conversation whose tokens were not revoked. */
  async authenticate(credential: string | undefined): Promise<Principal> {
    if (!credential) throw new DirectLineError(401, 'Unauthorized', 'Missing "Authorization: Bearer <secret or token>" header.');
    if (this.isSecret(credential)) return { kind: 'secret' };
    const claims = await this.verify(credential);
    const revokedAt = await this.revocations?.revokedAt(claims.conversationId);
    if (revokedAt !== undefined && claims.iat <= revokedAt) {
      throw new DirectLineError(403, 'Forbidden', 'The conversation has ended; its tokens are no longer valid.');
    }
    return { kind: 'token', claims };
  }

  /** A token may only ever touch its own conversation; the secret may touch any. */
  authorizeConversation(principal: Principal, conversationId: string): void {
    if (principal.kind === 'token' && principal.claims.conversationId !== conversationId) {
      throw new DirectLineError(403, 'Forbidden', 'The token is not valid for this conversation.');
    }
  }

  /** HMAC for capability URLs (attachment downloads) — a different purpose label than tokens. */
  signCapability(value: string): string {
    return createHmac('sha256', this.signingKey).update(`capability:${value}`).digest('base64url');
  }

  verifyCapability(value: string, signature: string): boolean {
    const expected = Buffer.from(this.signCapability(value));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/** Extracts the credential of an `Authorization: Bearer X` header (undefined when absent or another scheme). */
export function bearerFrom(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}

/** A keyed digest of a candidate secret, compared in constant time with the real secret's. */
function secretCompareDigest(value: string): Buffer {
  return createHmac('sha256', 'directline-secret-compare').update(value).digest();
}
