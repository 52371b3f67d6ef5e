import type { Activity, TurnContext } from 'botbuilder';
import { AgentGate, setCaller, type Caller } from './caller.js';
import { parseConfig } from '../server/config.js';

const CHANNEL_ISSUER = 'https://api.botframework.com';

/** A turn as far as the gate reads it: the activity and what the route recorded. */
function turn(activity: Partial<Activity>, caller?: Caller): TurnContext {
  const context = { activity, turnState: new Map() } as unknown as TurnContext;
  if (caller) setCaller(context, caller);
  return context;
}

const teamsActivity = (overrides: Partial<Activity> = {}): Partial<Activity> => ({
  channelId: 'msteams',
  from: { id: '29:user', name: '김상담', aadObjectId: 'aad-1' },
  conversation: { id: 'a:1', tenantId: 'tenant-1' } as Activity['conversation'],
  ...overrides,
});
const verified: Caller = { via: 'botframework', issuer: CHANNEL_ISSUER };

test('a verified Teams user of the configured tenant is an agent, named by the AAD object id', () => {
  const gate = new AgentGate({ tenants: ['tenant-1'], userIds: [] });
  expect(gate.agentOf(turn(teamsActivity(), verified))).toEqual({ id: 'aad-1', name: '김상담', tenantId: 'tenant-1' });
});

test.each<[string, Partial<Activity>, Caller | undefined]>([
  ['no caller recorded', teamsActivity(), undefined],
  ['the embedded Direct Line channel', teamsActivity(), { via: 'directline' }],
  ['local mode', teamsActivity(), { via: 'local' }],
  ['an Emulator token', teamsActivity(), { via: 'botframework', issuer: 'https://sts.windows.net/x/' }],
  ['a verified token on another channel', teamsActivity({ channelId: 'webchat' }), verified],
  ['another tenant', teamsActivity({ conversation: { id: 'a:1', tenantId: 'tenant-2' } as Activity['conversation'] }), verified],
  ['no tenant', teamsActivity({ conversation: { id: 'a:1' } as Activity['conversation'] }), verified],
])('%s: no agent', (_name, activity, caller) => {
  const gate = new AgentGate({ tenants: ['tenant-1'], userIds: [] });
  expect(gate.agentOf(turn(activity, caller))).toBeUndefined();
  expect(gate.isAgent(turn(activity, caller))).toBe(false);
});

test('the tenant may come from channelData.tenant.id', () => {
  const gate = new AgentGate({ tenants: ['tenant-1'], userIds: [] });
  const activity = teamsActivity({ conversation: { id: 'a:1' } as Activity['conversation'], channelData: { tenant: { id: 'tenant-1' } } });
  expect(gate.agentOf(turn(activity, verified))?.tenantId).toBe('tenant-1');
});

test('with a user list, only listed verified Teams users are agents (by AAD object id or Teams id)', () => {
  const gate = new AgentGate({ tenants: [], userIds: ['aad-1', '29:other'] });
  expect(gate.isAgent(turn(teamsActivity(), verified))).toBe(true);
  expect(gate.isAgent(turn(teamsActivity({ from: { id: '29:other', name: 'x' } }), verified))).toBe(true);
  expect(gate.isAgent(turn(teamsActivity({ from: { id: '29:third', name: 'x', aadObjectId: 'aad-3' } }), verified))).toBe(false);
  // A listed id is worth nothing where no channel vouches for it.
  expect(gate.isAgent(turn({ ...teamsActivity(), channelId: 'directline' }, { via: 'directline' }))).toBe(false);
});

test('isTeams: a verified Teams turn of an allowed tenant, whoever the user is', () => {
  const gate = new AgentGate({ tenants: ['tenant-1'], userIds: ['someone-else'] });
  expect(gate.isTeams(turn(teamsActivity(), verified))).toBe(true);
  expect(gate.isAgent(turn(teamsActivity(), verified))).toBe(false);
  expect(gate.isTeams(turn(teamsActivity(), { via: 'local' }))).toBe(false);
});

test("fromConfig: the handoff tenant, the Teams SSO tenants and a single-tenant bot's own tenant are allowed", () => {
  const config = parseConfig({
    MicrosoftAppId: 'app',
    MicrosoftAppPassword: 'p',
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: 'tenant-3',
    TEAMS_SSO_ALLOWED_TENANTS: 'tenant-2',
    AGENT_MODE_USER_IDS: '',
  });
  const gate = AgentGate.fromConfig(config, 'tenant-1');
  for (const tenantId of ['tenant-1', 'tenant-2', 'tenant-3']) {
    expect(gate.isAgent(turn(teamsActivity({ conversation: { id: 'a:1', tenantId } as Activity['conversation'] }), verified))).toBe(true);
  }
  expect(gate.isAgent(turn(teamsActivity({ conversation: { id: 'a:1', tenantId: 'tenant-4' } as Activity['conversation'] }), verified))).toBe(false);
});
