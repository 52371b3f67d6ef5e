import { z } from 'zod';

/**
 * What a console user may do (issue 16). `agent`: the live queue, tickets, callback numbers.
 * `qa`: the QA workbench (redacted transcripts, dashboards, misunderstood messages), nothing of the
 * live queue. A user may have both. Who has which comes from the configuration:
 *  - password accounts: CONSOLE_ROLES="kim:qa,lee:agent+qa" (an account not listed is an agent);
 *  - Teams SSO users: CONSOLE_QA_GROUPS (Entra group ids, the token's `groups` claim) or
 *    CONSOLE_QA_USERS (object ids) add `qa`; CONSOLE_AGENT_GROUPS, when set, limits `agent` to
 *    members of those groups (otherwise every Teams user of the tenant is an agent, as before).
 */

export const CONSOLE_ROLES = ['agent', 'qa'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export class ConsoleRolesError extends Error {}

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;
/** Entra object and group ids are GUIDs. */
export const ENTRA_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const RoleList = z
  .string()
  .transform((text) => text.split('+').map((role) => role.trim()))
  .pipe(z.array(z.enum(CONSOLE_ROLES)).min(1));

/** Parses CONSOLE_ROLES; an error names the entry by position and user. */
export function parseConsoleRoles(text: string | undefined): Map<string, ConsoleRole[]> {
  const roles = new Map<string, ConsoleRole[]>();
  if (!text || text.trim() === '') return roles;
  for (const [index, raw] of text.split(',').entries()) {
    const entry = raw.trim();
    const separator = entry.indexOf(':');
    const username = separator > 0 ? entry.slice(0, separator).trim() : '';
    const where = `entry ${index + 1}${username ? ` ("${username}")` : ''}`;
    if (!USERNAME.test(username)) throw new ConsoleRolesError(`${where}: expected username:role with roles agent, qa or agent+qa`);
    if (roles.has(username)) throw new ConsoleRolesError(`${where}: the username appears twice`);
    const parsed = RoleList.safeParse(entry.slice(separator + 1));
    if (!parsed.success) throw new ConsoleRolesError(`${where}: roles must be agent, qa or agent+qa (joined with +)`);
    roles.set(username, [...new Set(parsed.data)].sort());
  }
  return roles;
}

export interface RoleRules {
  /** CONSOLE_ROLES: password accounts' roles by username. */
  accounts: Map<string, ConsoleRole[]>;
  qaGroups: string[];
  qaUsers: string[];
  /** Empty: every Teams user is an agent. */
  agentGroups: string[];
}

export const NO_ROLE_RULES: RoleRules = { accounts: new Map(), qaGroups: [], qaUsers: [], agentGroups: [] };

export function passwordRoles(rules: RoleRules, username: string): ConsoleRole[] {
  return rules.accounts.get(username) ?? ['agent'];
}

/** A Teams user's roles from the verified token's `oid` and `groups` claims. */
export function teamsRoles(rules: RoleRules, oid: string, groups: unknown): ConsoleRole[] {
  const memberOf = new Set(Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string').map((g) => g.toLowerCase()) : []);
  const inAny = (ids: string[]) => ids.some((id) => memberOf.has(id.toLowerCase()));
  const roles: ConsoleRole[] = [];
  if (rules.agentGroups.length === 0 || inAny(rules.agentGroups)) roles.push('agent');
  if (inAny(rules.qaGroups) || rules.qaUsers.some((id) => id.toLowerCase() === oid.toLowerCase())) roles.push('qa');
  return roles;
}

/** Roles a session token claims, kept only while the configuration still gives them. */
export function stillGranted(claimed: unknown, granted: ConsoleRole[]): ConsoleRole[] {
  // Tokens signed before roles existed were agents' tokens.
  const list: unknown[] = claimed === undefined ? ['agent'] : Array.isArray(claimed) ? claimed : [];
  return granted.filter((role) => list.includes(role));
}

/** Identities made before roles existed (tests, older code paths) are agents. */
export function rolesOf(identity: { roles?: readonly ConsoleRole[] }): readonly ConsoleRole[] {
  return identity.roles ?? ['agent'];
}

export function hasRole(identity: { roles?: readonly ConsoleRole[] }, role: ConsoleRole): boolean {
  return rolesOf(identity).includes(role);
}
