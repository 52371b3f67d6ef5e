import type { Activity, TurnContext } from 'botbuilder';
import { AuthenticationConstants, GovernmentConstants } from 'botframework-connector';

/**
 * Who vouched for a turn. Set by the route that received it, from what that route verified — never
 * read from the activity, whose channelId, from, recipient and serviceUrl any client can write.
 */
export type Caller =
  /** The embedded Direct Line channel: a customer holding a token of that conversation. */
  | { via: 'directline' }
  /** /api/messages without an app id: anonymous (the Emulator on this machine). */
  | { via: 'local' }
  /** /api/messages with a Bot Framework JWT the adapter verified; `issuer` is the token's. */
  | { via: 'botframework'; issuer: string };

const CALLER = Symbol('caller');

export function setCaller(context: TurnContext, caller: Caller): void {
  context.turnState.set(CALLER, caller);
}

export function callerOf(context: TurnContext): Caller | undefined {
  return context.turnState.get(CALLER) as Caller | undefined;
}

/** Runs `logic` with the turn marked as coming from `caller`. */
export function withCaller(caller: Caller, logic: (context: TurnContext) => Promise<void>): (context: TurnContext) => Promise<void> {
  return (context) => {
    setCaller(context, caller);
    return logic(context);
  };
}

/** Tokens the Bot Connector service (Teams and the other channels) signs; Emulator tokens are not among them. */
const CHANNEL_ISSUERS = new Set<string>([AuthenticationConstants.ToBotFromChannelTokenIssuer, GovernmentConstants.ToBotFromChannelTokenIssuer]);

declare const vouched: unique symbol;

/**
 * A call-center agent as Teams vouched for them. Only {@link AgentGate.agentOf} makes one, so the
 * handoff's agent operations (accept, close, relay, queue) cannot be reached without passing it.
 */
export interface TeamsAgent {
  readonly [vouched]: true;
  id: string;
  name: string;
  tenantId?: string;
}

export interface AgentPolicy {
  /** Teams tenants whose users may act as agents; empty = any tenant (tickets stay tenant-isolated). */
  tenants: string[];
  /** When not empty, only these Teams users (AAD object id or Teams user id) are agents. */
  userIds: string[];
}

/**
 * The one place agent powers are granted: a turn is an agent's when it came through /api/messages
 * with a Bot Framework channel token the adapter verified, on the msteams channel, from an allowed
 * tenant (and, when configured, an allowed user). Direct Line and local mode never qualify.
 */
export class AgentGate {
  private readonly tenants: Set<string>;
  private readonly userIds: Set<string>;

  constructor(policy: AgentPolicy) {
    this.tenants = new Set(policy.tenants);
    this.userIds = new Set(policy.userIds);
  }

  /** Tenants: the handoff's (HANDOFF_TENANT_ID), the Teams SSO ones, a single-tenant bot's own; users: AGENT_MODE_USER_IDS. */
  static fromConfig(
    config: { MicrosoftAppType?: string; MicrosoftAppTenantId?: string; TEAMS_SSO_ALLOWED_TENANTS: string[]; AGENT_MODE_USER_IDS: string[] },
    handoffTenantId: string | undefined,
  ): AgentGate {
    const singleTenant = config.MicrosoftAppType === 'SingleTenant' ? config.MicrosoftAppTenantId : undefined;
    const tenants = [handoffTenantId, ...config.TEAMS_SSO_ALLOWED_TENANTS, singleTenant].filter((tenant): tenant is string => Boolean(tenant));
    return new AgentGate({ tenants, userIds: config.AGENT_MODE_USER_IDS });
  }

  agentOf(context: TurnContext): TeamsAgent | undefined {
    if (!this.isTeams(context)) return undefined;
    const from = context.activity.from ?? { id: '' };
    const id = from.aadObjectId ?? from.id;
    if (!id) return undefined;
    if (this.userIds.size > 0 && !this.userIds.has(id) && !this.userIds.has(from.id)) return undefined;
    return { id, name: from.name || 'agent', tenantId: teamsTenantOf(context.activity) } as TeamsAgent;
  }

  /** Agent mode (compact procedures, no handoff offered) is for agents only. */
  isAgent(context: TurnContext): boolean {
    return this.agentOf(context) !== undefined;
  }

  /** A Teams turn the Bot Connector vouched for, from an allowed tenant: where agents work. */
  isTeams(context: TurnContext): boolean {
    const caller = callerOf(context);
    if (caller?.via !== 'botframework' || !CHANNEL_ISSUERS.has(caller.issuer) || context.activity.channelId !== 'msteams') return false;
    const tenantId = teamsTenantOf(context.activity);
    return this.tenants.size === 0 || (tenantId !== undefined && this.tenants.has(tenantId));
  }
}

/** The Teams tenant of an activity: conversation.tenantId, or channelData.tenant.id. */
export function teamsTenantOf(activity: Partial<Activity>): string | undefined {
  const fromData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return activity.conversation?.tenantId ?? (typeof fromData === 'string' ? fromData : undefined);
}
