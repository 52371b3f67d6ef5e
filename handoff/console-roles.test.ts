import { describe, expect, test } from '@jest/globals';
import { configErrorFor } from '../test/support/config.js';
import { ConsoleRolesError, hasRole, parseConsoleRoles, passwordRoles, stillGranted, teamsRoles, type RoleRules } from './console-roles.js';

const QA_GROUP = '11111111-2222-3333-4444-555555555555';
const AGENT_GROUP = '66666666-7777-8888-9999-000000000000';
const QA_USER = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

describe('console roles', () => {
  test('CONSOLE_ROLES: username:role, roles joined with +; an account not listed is an agent', () => {
    const accounts = parseConsoleRoles(' kim:qa , lee:qa+agent,park:agent ');
    expect([...accounts]).toEqual([
      ['kim', ['qa']],
      ['lee', ['agent', 'qa']],
      ['park', ['agent']],
    ]);
    const rules: RoleRules = { accounts, qaGroups: [], qaUsers: [], agentGroups: [] };
    expect(passwordRoles(rules, 'kim')).toEqual(['qa']);
    expect(passwordRoles(rules, 'choi')).toEqual(['agent']);
    expect(parseConsoleRoles('')).toEqual(new Map());
  });

  test.each([
    ['kim', /entry 1 \("kim"\)|entry 1: expected username:role/],
    ['kim:admin', /entry 1 \("kim"\): roles must be agent, qa or agent\+qa/],
    ['kim:qa,kim:agent', /entry 2 \("kim"\): the username appears twice/],
    ['kim:qa+', /entry 1 \("kim"\): roles must be/],
    [':qa', /entry 1: expected username:role/],
    ['a b:qa', /entry 1 \("a b"\): expected/],
  ])('%j is refused with the entry named', (text, message) => {
    expect(() => parseConsoleRoles(text)).toThrow(ConsoleRolesError);
    expect(() => parseConsoleRoles(text)).toThrow(message);
  });

  test('Teams: QA by group (groups claim) or object id; CONSOLE_AGENT_GROUPS limits who is an agent', () => {
    const rules: RoleRules = { accounts: new Map(), qaGroups: [QA_GROUP], qaUsers: [QA_USER], agentGroups: [] };
    expect(teamsRoles(rules, 'someone', [QA_GROUP.toUpperCase()])).toEqual(['agent', 'qa']);
    expect(teamsRoles(rules, QA_USER, undefined)).toEqual(['agent', 'qa']);
    expect(teamsRoles(rules, 'someone', ['other-group'])).toEqual(['agent']);
    // A forged claim of the wrong shape counts as no group.
    expect(teamsRoles(rules, 'someone', QA_GROUP)).toEqual(['agent']);
    expect(teamsRoles(rules, 'someone', [{ id: QA_GROUP }])).toEqual(['agent']);
    const limited = { ...rules, agentGroups: [AGENT_GROUP] };
    expect(teamsRoles(limited, 'someone', [QA_GROUP])).toEqual(['qa']);
    expect(teamsRoles(limited, 'someone', [AGENT_GROUP, QA_GROUP])).toEqual(['agent', 'qa']);
    expect(teamsRoles(limited, 'someone', [])).toEqual([]);
  });

  test('a token keeps only the roles the configuration still gives; tokens from before roles were agents', () => {
    expect(stillGranted(['agent', 'qa'], ['qa'])).toEqual(['qa']);
    expect(stillGranted(['qa'], ['agent', 'qa'])).toEqual(['qa']);
    expect(stillGranted(undefined, ['agent', 'qa'])).toEqual(['agent']);
    expect(stillGranted('qa', ['agent', 'qa'])).toEqual([]);
    expect(hasRole({}, 'agent')).toBe(true);
    expect(hasRole({}, 'qa')).toBe(false);
  });

  test('settings: bad role entries, unknown accounts and non-Entra ids stop the start with the key named', () => {
    expect(configErrorFor({ CONSOLE_ROLES: 'kim:boss' })).toMatch(/CONSOLE_ROLES: entry 1 \("kim"\): roles must be agent, qa or agent\+qa/);
    expect(configErrorFor({ CONSOLE_ROLES: 'ghost:qa' })).toMatch(/CONSOLE_ROLES: "ghost" is not an account of AGENT_ACCOUNTS/);
    expect(configErrorFor({ CONSOLE_QA_GROUPS: `${QA_GROUP},qa-team` })).toMatch(/CONSOLE_QA_GROUPS: "qa-team" is not an Entra id/);
    expect(configErrorFor({ CONSOLE_QA_USERS: 'kim@bank' })).toMatch(/CONSOLE_QA_USERS: "kim@bank" is not an Entra id/);
    expect(configErrorFor({ CONSOLE_AGENT_GROUPS: '1234' })).toMatch(/CONSOLE_AGENT_GROUPS: "1234" is not an Entra id/);
  });
});
