-- Up Migration
-- Tickets live only in their table on PostgreSQL (no index documents in bot_state): the lookups
-- the handoff makes get their own columns and indexes, so each is one indexed statement.
--  agent_conversation_id  the agent's chat relaying an assigned ticket (Teams), for the relay
--  closed_at              when it was closed or expired: the closed listing and retention
ALTER TABLE tickets ADD COLUMN agent_conversation_id text, ADD COLUMN closed_at timestamptz;
CREATE INDEX tickets_assigned_agent_conversation ON tickets (agent_conversation_id) WHERE status = 'assigned';
DROP INDEX tickets_closed;
CREATE INDEX tickets_closed_at ON tickets (closed_at) WHERE status IN ('closed', 'expired');

-- Down Migration
DROP INDEX tickets_closed_at;
CREATE INDEX tickets_closed ON tickets (created_at) WHERE status IN ('closed', 'expired');
DROP INDEX tickets_assigned_agent_conversation;
ALTER TABLE tickets DROP COLUMN closed_at, DROP COLUMN agent_conversation_id;
