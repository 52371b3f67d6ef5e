import type { Ticket } from './tickets.js';

/**
 * Tenant isolation, in one place for the console API and the Teams accept button: an agent works
 * the tickets of their own tenant (from the Teams token or activity), or of HANDOFF_TENANT_ID when
 * they have none. With neither, there is one shared queue.
 */
export interface TenantScope {
  filterTenant: boolean;
  tenantId: string | undefined;
}

export function tenantScope(agent: { tenantId?: string }, configuredTenantId: string | undefined): TenantScope {
  const tenantId = agent.tenantId ?? configuredTenantId;
  return { filterTenant: tenantId !== undefined, tenantId };
}

export function canAgentSee(agent: { tenantId?: string }, ticket: Pick<Ticket, 'tenantId'>, configuredTenantId: string | undefined): boolean {
  const scope = tenantScope(agent, configuredTenantId);
  return !scope.filterTenant || ticket.tenantId === scope.tenantId;
}
