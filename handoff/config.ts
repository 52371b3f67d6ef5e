import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { commaList, emptyAsUndefined, positiveInt } from '../lib/config-values.js';
import { AgentAccountsError, parseAgentAccounts } from './agent-accounts.js';
import { AgentAuth } from './agent-auth.js';
import { ConsoleRolesError, ENTRA_ID, parseConsoleRoles } from './console-roles.js';
import { BusinessHours, BusinessHoursError } from './hours.js';
import type { LoginLimiters } from './login-guard.js';
import { parseEncryptionKey, PhoneSealer } from './phone.js';

/**
 * Settings of the live handoff and the agent API. server/config.ts spreads this shape into its
 * schema, so these keys are validated with all the others at start-up.
 */

const optionalText = z.preprocess(emptyAsUndefined, z.string().min(1).optional());
/** An empty value (as in a copied .env.example) means "use the default". */
const unsetIfEmpty = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema);

/** A zod refinement reporting the message of whatever `parse` throws. */
function refineWith<T>(parse: (value: T) => unknown) {
  return (value: T | undefined, ctx: z.RefinementCtx) => {
    if (value === undefined) return;
    try {
      parse(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  };
}

export const HANDOFF_CONFIG_SHAPE = {
  /** Agents' hours in Asia/Seoul, e.g. "mon-fri 09:00-18:00; sat 09:00-13:00" or "always". */
  HANDOFF_HOURS: unsetIfEmpty(
    z
      .string()
      .default('mon-fri 09:00-18:00')
      .superRefine(refineWith((value: string) => BusinessHours.parse(value))),
  ),
  /** Seoul dates without agents, comma-separated YYYY-MM-DD. */
  HANDOFF_HOLIDAYS: commaList().superRefine(refineWith((days: string[]) => BusinessHours.parse('always', days))),
  HANDOFF_ACCEPT_TIMEOUT_MINUTES: unsetIfEmpty(positiveInt.default(10)),
  HANDOFF_AVG_HANDLING_MINUTES: unsetIfEmpty(positiveInt.default(5)),
  /**
   * A waiting web chat customer with no open chat (no stream, no request) this long has left: the
   * ticket leaves the queue. Long enough for a page navigation on the bank's site to resume the chat.
   */
  HANDOFF_CUSTOMER_LEFT_SECONDS: unsetIfEmpty(positiveInt.default(90)),
  HANDOFF_CLOSED_LIST_DAYS: unsetIfEmpty(positiveInt.max(90).default(7)),
  HANDOFF_RETENTION_DAYS: unsetIfEmpty(positiveInt.default(30)),
  /** Tenant of web chat tickets and of password agents; agents only see tickets of their tenant. */
  HANDOFF_TENANT_ID: optionalText,
  /** 32 bytes (hex or base64) sealing callback numbers; unset = random per start (numbers lost on restart). */
  CALLBACK_ENCRYPTION_KEY: optionalText.superRefine(refineWith(parseEncryptionKey)),
  /** Teams SSO: accepted issuers (comma-separated; "{tenantid}" = the token's tenant). */
  TEAMS_SSO_ISSUER: commaList(),
  /** Teams SSO: accepted audiences, e.g. "api://host.example/<app id>" (comma-separated). */
  TEAMS_SSO_AUDIENCE: commaList(),
  TEAMS_SSO_ALLOWED_TENANTS: commaList(),
  TEAMS_SSO_JWKS_URL: unsetIfEmpty(z.url({ protocol: /^https?$/ }).default('https://login.microsoftonline.com/common/discovery/v2.0/keys')),
  /** On-premises agents: "user:scrypt$N$r$p$salt$hash,…" (make entries with `npm run -s agent:hash`). */
  AGENT_ACCOUNTS: optionalText.superRefine(refineWith(parseAgentAccounts)),
  /** Roles of password accounts: "kim:qa,lee:agent+qa"; an account not listed is an agent (handoff/console-roles.ts). */
  CONSOLE_ROLES: optionalText.superRefine(refineWith(parseConsoleRoles)),
  /** Teams SSO: Entra group ids (the token's `groups` claim) whose members are QA. */
  CONSOLE_QA_GROUPS: commaList(entraId('CONSOLE_QA_GROUPS')),
  /** Teams SSO: Entra object ids of users who are QA. */
  CONSOLE_QA_USERS: commaList(entraId('CONSOLE_QA_USERS')),
  /** Teams SSO: when set, only members of these Entra groups are agents (default: every Teams user of the tenant). */
  CONSOLE_AGENT_GROUPS: commaList(entraId('CONSOLE_AGENT_GROUPS')),
  /** Signs agent session tokens; unset = random per start (agents sign in again after a restart). */
  AGENT_SESSION_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'at least 32 characters').optional()),
};

function entraId(key: string) {
  return (entry: string) => (ENTRA_ID.test(entry) ? undefined : `${key}: "${entry.slice(0, 40)}" is not an Entra id (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`);
}

/** Rules across keys; server/config.ts calls this from its superRefine. */
export function checkHandoffConfig(
  config: { TEAMS_SSO_ISSUER: string[]; TEAMS_SSO_AUDIENCE: string[]; TEAMS_SSO_ALLOWED_TENANTS: string[]; AGENT_ACCOUNTS?: string; CONSOLE_ROLES?: string },
  ctx: z.RefinementCtx,
): void {
  checkRoleAccounts(config, ctx);
  const issuers = config.TEAMS_SSO_ISSUER;
  const audiences = config.TEAMS_SSO_AUDIENCE;
  if (issuers.length > 0 !== audiences.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: [issuers.length > 0 ? 'TEAMS_SSO_AUDIENCE' : 'TEAMS_SSO_ISSUER'],
      message: 'Teams SSO needs both TEAMS_SSO_ISSUER and TEAMS_SSO_AUDIENCE',
    });
  }
  if (issuers.some((issuer) => issuer.includes('{tenantid}')) && config.TEAMS_SSO_ALLOWED_TENANTS.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['TEAMS_SSO_ALLOWED_TENANTS'], message: 'required when TEAMS_SSO_ISSUER contains {tenantid}' });
  }
}

/** CONSOLE_ROLES may only name accounts of AGENT_ACCOUNTS (a typo would silently leave someone an agent). */
function checkRoleAccounts(config: { AGENT_ACCOUNTS?: string; CONSOLE_ROLES?: string }, ctx: z.RefinementCtx): void {
  let roles: Map<string, unknown>;
  let usernames: Set<string>;
  try {
    roles = parseConsoleRoles(config.CONSOLE_ROLES);
    usernames = new Set(parseAgentAccounts(config.AGENT_ACCOUNTS).map((account) => account.username));
  } catch {
    return; // reported on the key itself
  }
  for (const username of roles.keys()) {
    if (!usernames.has(username)) ctx.addIssue({ code: 'custom', path: ['CONSOLE_ROLES'], message: `"${username}" is not an account of AGENT_ACCOUNTS` });
  }
}

const HandoffConfigSchema = z.object(HANDOFF_CONFIG_SHAPE).superRefine(checkHandoffConfig);
export type HandoffConfig = z.infer<typeof HandoffConfigSchema>;

/** Validates just the handoff keys (tests, tools); throws a ZodError. */
export function parseHandoffConfig(env: Record<string, string | undefined>): HandoffConfig {
  return HandoffConfigSchema.parse(env);
}

export interface HandoffRuntime {
  hours: BusinessHours;
  sealer: PhoneSealer;
  auth: AgentAuth;
  /** Tenant stamped on web chat tickets and used for tenant isolation (see HANDOFF_TENANT_ID). */
  tenantId: string | undefined;
}

/** Builds the objects the settings describe. `jwks` replaces the remote key set (tests). */
export function createHandoffRuntime(
  config: HandoffConfig,
  options: { jwks?: JWTVerifyGetKey; now?: () => Date; loginLimiters?: LoginLimiters } = {},
): HandoffRuntime {
  const tenantId = config.HANDOFF_TENANT_ID ?? (config.TEAMS_SSO_ALLOWED_TENANTS.length === 1 ? config.TEAMS_SSO_ALLOWED_TENANTS[0] : undefined);
  const teams =
    config.TEAMS_SSO_ISSUER.length > 0 && config.TEAMS_SSO_AUDIENCE.length > 0
      ? {
          issuers: config.TEAMS_SSO_ISSUER,
          audiences: config.TEAMS_SSO_AUDIENCE,
          allowedTenants: config.TEAMS_SSO_ALLOWED_TENANTS,
          jwks: options.jwks ?? createRemoteJWKSet(new URL(config.TEAMS_SSO_JWKS_URL)),
        }
      : undefined;
  return {
    hours: BusinessHours.parse(config.HANDOFF_HOURS, config.HANDOFF_HOLIDAYS),
    sealer: config.CALLBACK_ENCRYPTION_KEY ? new PhoneSealer(parseEncryptionKey(config.CALLBACK_ENCRYPTION_KEY)) : PhoneSealer.ephemeral(),
    auth: new AgentAuth({
      teams,
      accounts: parseAgentAccounts(config.AGENT_ACCOUNTS),
      sessionSecret: config.AGENT_SESSION_SECRET ? Buffer.from(config.AGENT_SESSION_SECRET, 'utf8') : randomBytes(32),
      passwordTenantId: tenantId,
      roles: {
        accounts: parseConsoleRoles(config.CONSOLE_ROLES),
        qaGroups: config.CONSOLE_QA_GROUPS,
        qaUsers: config.CONSOLE_QA_USERS,
        agentGroups: config.CONSOLE_AGENT_GROUPS,
      },
      ...(options.loginLimiters ? { loginLimiters: options.loginLimiters } : {}),
      ...(options.now ? { now: options.now } : {}),
    }),
    tenantId,
  };
}

export { AgentAccountsError, BusinessHoursError, ConsoleRolesError };
