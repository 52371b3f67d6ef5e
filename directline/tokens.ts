import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DirectLineError } from './errors.js';

/** What a Direct Line token grants: one conversation, optionally one user id, until `exp`. */
export interface TokenClaims {
  conversationId: string;
  userId?: string;
  /** Expiry, seconds since epoch. */
  exp: number;
}

/** The identity behind an authenticated request: the master secret or a conversation token. */
export type Principal = { kind: 'secret' } | { kind: 'token'; claims: TokenClaims };

/**
 * Self-contained signed tokens in JWT form (HS256). JWT because Web Chat / directlinejs decode
 * the token (jwt-decode) to read a `user` claim; self-contained because nothing has to be stored
 * or swept per token. The signing key is derived from the Direct Line secret, so a restart with
 * the same secret keeps issued tokens valid, and a new secret revokes them all.
 */
export class TokenService {
  private readonly signingKey: Buffer;
  private readonly secretDigest: Buffer;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {
    if (!secret) throw new Error('Direct Line secret must not be empty');
    this.signingKey = createHmac('sha256', secret).update('directline-token-signing-key/v1').digest();
    // Compare digests, not raw strings, so the comparison is constant-time whatever the lengths.
    this.secretDigest = sha256(secret);
  }

  get ttl(): number {
    return this.ttlSeconds;
  }

  issue(conversationId: string, userId?: string): { token: string; expires_in: number } {
    const nowSeconds = Math.floor(this.now() / 1000);
    const payload: Record<string, unknown> = {
      conv: conversationId,
      iat: nowSeconds,
      exp: nowSeconds + this.ttlSeconds,
      jti: randomBytes(9).toString('base64url'),
    };
    if (userId) payload.user = userId;
    const header = base64UrlJson({ alg: 'HS256', typ: 'JWT' });
    const body = base64UrlJson(payload);
    const signature = this.sign(`${header}.${body}`);
    return { token: `${header}.${body}.${signature}`, expires_in: this.ttlSeconds };
  }

  isSecret(candidate: string): boolean {
    return timingSafeEqual(sha256(candidate), this.secretDigest);
  }

  /** Verifies signature and expiry. Throws 403 like the real service (directlinejs treats 403 as "token expired"). */
  verify(token: string): TokenClaims {
    const parts = token.split('.');
    if (parts.length !== 3) throw new DirectLineError(403, 'Forbidden', 'The token is not valid.');
    const [header, body, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${header}.${body}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new DirectLineError(403, 'Forbidden', 'The token is not valid.');
    }
    let payload: { conv?: unknown; user?: unknown; exp?: unknown };
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw new DirectLineError(403, 'Forbidden', 'The token is not valid.');
    }
    if (typeof payload.conv !== 'string' || typeof payload.exp !== 'number') {
      throw new DirectLineError(403, 'Forbidden', 'The token is not valid.');
    }
    if (payload.exp * 1000 <= this.now()) throw new DirectLineError(403, 'TokenExpired', 'The token has expired.');
    return {
      conversationId: payload.conv,
      exp: payload.exp,
      ...(typeof payload.user === 'string' ? { userId: payload.user } : {}),
    };
  }

  /** Resolves a bearer credential: the secret, or a valid token. */
  authenticate(credential: string | undefined): Principal {
    if (!credential) throw new DirectLineError(401, 'Unauthorized', 'Missing "Authorization: Bearer <secret or token>" header.');
    if (this.isSecret(credential)) return { kind: 'secret' };
    return { kind: 'token', claims: this.verify(credential) };
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

  private sign(data: string): string {
    return createHmac('sha256', this.signingKey).update(data).digest('base64url');
  }
}

/** Extracts the credential of an `Authorization: Bearer X` header (undefined when absent or another scheme). */
export function bearerFrom(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}

function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function sha256(value: string): Buffer {
  return createHmac('sha256', 'directline-secret-compare').update(value).digest();
}
