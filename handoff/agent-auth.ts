import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { decoyHash, verifyPassword, type AgentAccount } from './agent-accounts.js';
import { NO_ROLE_RULES, passwordRoles, stillGranted, teamsRoles, type ConsoleRole, type RoleRules } from './console-roles.js';
import { defaultLoginLimiters, LoginGuard, type LoginLimiters } from './login-guard.js';

/**
 * Who may use the agent API. Two doors, one identity:
 *  - inside Teams, the Teams SSO token (an Entra ID access token for our app) checked against
 *    the configured issuer(s), audience(s), tenants and the JWKS;
 *  - outside Teams, a username/password from AGENT_ACCOUNTS exchanged for a short session token
 *    (HS256 JWT under AGENT_SESSION_SECRET).
 * Anything else — no token, garbage, a customer's Direct Line token, a token of another key — is
 * 401; a genuine token meant for someone else (wrong audience/issuer/tenant) is 403.
 */

export interface AgentIdentity {
  /** Teams: the Entra object id (`oid`, = activity.from.aadObjectId); password: "local:<username>". */
  id: string;
  name: string;
  tenantId?: string;
  via: 'teams' | 'password';
  /** What this user may do (./console-roles.ts); absent = agent (identities made before roles existed). */
  roles?: ConsoleRole[];
}

export type AuthFailure = { ok: false; status: 401 | 403 | 503; code: string; message: string };
export type AuthOutcome = { ok: true; agent: AgentIdentity } | AuthFailure;
export type LoginOutcome =
  | { ok: true; token: string; expiresIn: number; agent: AgentIdentity }
  | { ok: false; status: 401; code: 'InvalidCredentials' }
  | { ok: false; status: 429; code: 'TooManyAttempts'; retryAfterSeconds: number }
  | { ok: false; status: 503; code: 'SignInBusy'; retryAfterSeconds: number };

export interface TeamsSsoOptions {
  /** Accepted issuers; "{tenantid}" stands for the token's own `tid` (then allowedTenants is required). */
  issuers: string[];
  /** Accepted audiences, e.g. "api://host/<app id>". */
  audiences: string[];
  /** Tenants whose agents may sign in; empty = any tenant the issuer list accepts. */
  allowedTenants: string[];
  /** Signing keys: `createRemoteJWKSet(new URL(TEAMS_SSO_JWKS_URL))` in production, a local set in tests. */
  jwks: JWTVerifyGetKey;
}

export interface AgentAuthOptions {
  teams?: TeamsSsoOptions;
  accounts: AgentAccount[];
  sessionSecret: Uint8Array;
  sessionTtlSeconds?: number;
  /** Tenant given to password agents (HANDOFF_TENANT_ID), so tenant isolation applies to them too. */
  passwordTenantId?: string;
  /** Who is an agent, who is QA (CONSOLE_ROLES, CONSOLE_QA_GROUPS, …). Default: everyone is an agent. */
  roles?: RoleRules;
  /** Sign-in attempt limits (see LoginGuard). Default: 10 per 10 minutes per address + username, 50 a day per address. */
  loginLimiters?: LoginLimiters;
  /** Password checks running at once; the rest wait (at most 32) or are told to retry. Default 2. */
  maxConcurrentPasswordChecks?: number;
  /** The password comparison (async scrypt); replaceable so tests can watch how many run at once. */
  verifyPassword?: typeof verifyPassword;
  now?: () => Date;
}

const SESSION_ISSUER = 'cert-helper/agent-session';
const SESSION_AUDIENCE = 'cert-helper/agent-api';
const DEFAULT_SESSION_TTL = 8 * 60 * 60;
const CLOCK_TOLERANCE_SECONDS = 60;

export class AgentAuth {
  private readonly now: () => Date;
  private readonly guard: LoginGuard;
  private readonly verifyPassword: typeof verifyPassword;
  private readonly accounts: Map<string, AgentAccount>;
  private readonly decoy: ReturnType<typeof decoyHash>;

  constructor(private readonly options: AgentAuthOptions) {
    if (options.sessionSecret.length < 32) throw new Error('the agent session secret must be at least 32 bytes');
    const tenantless = options.teams?.issuers.some((issuer) => issuer.includes('{tenantid}')) && options.teams.allowedTenants.length === 0;
    if (tenantless) throw new Error('an issuer with {tenantid} needs a list of allowed tenants');
    this.now = options.now ?? (() => new Date());
    this.guard = new LoginGuard(options.loginLimiters ?? defaultLoginLimiters(), { maxConcurrentChecks: options.maxConcurrentPasswordChecks ?? 2 });
    this.verifyPassword = options.verifyPassword ?? verifyPassword;
    this.accounts = new Map(options.accounts.map((account) => [account.username, account]));
    // Same cost as the configured hashes, so an unknown username takes as long as a wrong password.
    const first = options.accounts[0]?.password;
    this.decoy = decoyHash(first ? { N: first.N, r: first.r, p: first.p } : undefined);
  }

  private get roles(): RoleRules {
    return this.options.roles ?? NO_ROLE_RULES;
  }

  get teamsEnabled(): boolean {
    return this.options.teams !== undefined;
  }

  get passwordEnabled(): boolean {
    return this.accounts.size > 0;
  }

  /** Checks an `Authorization` header value. */
  async authenticate(authorization: string | undefined): Promise<AuthOutcome> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
    if (!match) return fail(401, 'Unauthenticated', 'Sign in first: Authorization: Bearer <token> is missing. / 로그인이 필요합니다.');
    const token = match[1];
    let algorithm: string | undefined;
    try {
      algorithm = decodeProtectedHeader(token).alg;
      decodeJwt(token);
    } catch {
      return fail(401, 'InvalidToken', 'The token is not a valid JWT. / 토큰이 올바르지 않습니다.');
    }
    // Our session tokens are HMAC; Entra ID signs with RSA. Routing by algorithm means an HMAC
    // token is never checked against the JWKS and an RSA token never against our secret.
    if (algorithm === 'HS256') return this.verifySession(token);
    if (this.options.teams) return this.verifyTeams(token, this.options.teams);
    return fail(401, 'InvalidToken', 'This kind of token is not accepted here. / 이 토큰으로는 접근할 수 없습니다.');
  }

  /** Exchanges agent credentials for a session token; attempts count against the client's address (+ username). */
  async login(username: string, password: string, client: string): Promise<LoginOutcome> {
    const account = this.accounts.get(username);
    // An unknown user costs the same scrypt as a known one.
    const outcome = await this.guard.attempt(
      client,
      username,
      async () => (await this.verifyPassword(password, account?.password ?? this.decoy)) && account !== undefined,
    );
    if (outcome.kind === 'limited') return { ok: false, status: 429, code: 'TooManyAttempts', retryAfterSeconds: outcome.retryAfterSeconds };
    if (outcome.kind === 'busy') return { ok: false, status: 503, code: 'SignInBusy', retryAfterSeconds: outcome.retryAfterSeconds };
    if (outcome.kind === 'invalid' || !account) return { ok: false, status: 401, code: 'InvalidCredentials' };
    const agent: AgentIdentity = {
      id: `local:${account.username}`,
      name: account.username,
      ...(this.options.passwordTenantId ? { tenantId: this.options.passwordTenantId } : {}),
      via: 'password',
      roles: passwordRoles(this.roles, account.username),
    };
    const expiresIn = this.options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL;
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const token = await new SignJWT({ name: agent.name, roles: agent.roles, ...(agent.tenantId ? { tid: agent.tenantId } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(agent.id)
      .setIssuer(SESSION_ISSUER)
      .setAudience(SESSION_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + expiresIn)
      .sign(this.options.sessionSecret);
    return { ok: true, token, expiresIn, agent };
  }

  private async verifySession(token: string): Promise<AuthOutcome> {
    try {
      const { payload } = await jwtVerify(token, this.options.sessionSecret, {
        algorithms: ['HS256'],
        issuer: SESSION_ISSUER,
        audience: SESSION_AUDIENCE,
        currentDate: this.now(),
        requiredClaims: ['exp', 'sub'],
      });
      const id = payload.sub!;
      const username = id.replace(/^local:/, '');
      // An account removed from AGENT_ACCOUNTS loses its open sessions at the next restart or request.
      if (!id.startsWith('local:') || !this.accounts.has(username))
        return fail(401, 'InvalidToken', 'This account no longer exists. / 더 이상 없는 계정입니다.');
      const tenantId = typeof payload.tid === 'string' ? payload.tid : undefined;
      // The token carries the roles given at sign-in; a role taken away since no longer counts.
      const roles = stillGranted(payload.roles, passwordRoles(this.roles, username));
      if (roles.length === 0) return fail(403, 'NoRole', 'This account may not use the console now. / 이 계정은 지금 콘솔을 쓸 수 없습니다.');
      const name = typeof payload.name === 'string' ? payload.name : username;
      return { ok: true, agent: { id, name, ...(tenantId ? { tenantId } : {}), via: 'password', roles } };
    } catch (error) {
      return mapVerifyError(error);
    }
  }

  private async verifyTeams(token: string, teams: TeamsSsoOptions): Promise<AuthOutcome> {
    const unverifiedTenant = stringClaim(decodeJwt(token), 'tid');
    const issuers = teams.issuers.flatMap((issuer) => {
      if (!issuer.includes('{tenantid}')) return [issuer];
      return unverifiedTenant ? [issuer.replaceAll('{tenantid}', unverifiedTenant)] : [];
    });
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, teams.jwks, {
        algorithms: ['RS256'],
        issuer: issuers.length > 0 ? issuers : teams.issuers,
        audience: teams.audiences,
        currentDate: this.now(),
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      return mapVerifyError(error);
    }
    // Signature, issuer, audience and expiry hold: now the token's own claims decide.
    const tenantId = stringClaim(payload, 'tid');
    if (teams.allowedTenants.length > 0 && (!tenantId || !teams.allowedTenants.includes(tenantId))) {
      return fail(403, 'TenantNotAllowed', 'Agents of this organization are not allowed here. / 이 조직의 상담원은 접근할 수 없습니다.');
    }
    const id = stringClaim(payload, 'oid');
    if (!id) return fail(403, 'NotAUser', 'The token does not name a user. / 사용자 토큰이 아닙니다.');
    const name = stringClaim(payload, 'name') ?? stringClaim(payload, 'preferred_username') ?? id;
    const roles = teamsRoles(this.roles, id, payload.groups);
    if (roles.length === 0) return fail(403, 'NoRole', 'You are not in a group allowed to use the console. / 콘솔을 쓸 수 있는 그룹에 속해 있지 않습니다.');
    return { ok: true, agent: { id, name, ...(tenantId ? { tenantId } : {}), via: 'teams', roles } };
  }
}

function stringClaim(payload: JWTPayload, claim: string): string | undefined {
  const value = payload[claim];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function fail(status: AuthFailure['status'], code: string, message: string): AuthFailure {
  return { ok: false, status, code, message };
}

/**
 * Expired, not yet valid, badly signed, unknown key → 401 (the caller should sign in again).
 * A valid signature with a claim meant for another service (iss/aud) → 403.
 */
function mapVerifyError(error: unknown): AuthFailure {
  if (error instanceof errors.JWTExpired) return fail(401, 'TokenExpired', 'The sign-in has expired. / 로그인이 만료되었습니다.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss' || error.claim === 'aud') {
      return fail(403, 'WrongAudience', 'This token was issued for another service. / 다른 서비스용 토큰입니다.');
    }
    return fail(401, 'InvalidToken', 'The token is not valid now. / 토큰이 유효하지 않습니다.');
  }
  if (error instanceof errors.JWKSTimeout || (error instanceof TypeError && /fetch/i.test(error.message))) {
    return fail(503, 'AuthUnavailable', 'Sign-in keys could not be loaded; try again shortly. / 잠시 후 다시 시도해 주세요.');
  }
  return fail(401, 'InvalidToken', 'The token could not be verified. / 토큰을 확인할 수 없습니다.');
}
