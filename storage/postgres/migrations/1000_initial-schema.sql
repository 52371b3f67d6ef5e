-- Up Migration
-- The whole shared state of several instances. Tables are created unqualified: the runner sets
-- search_path to the configured schema, so tests can give every run its own schema.

-- botbuilder Storage: one row per key; the eTag is a column so a conditional write is one UPDATE.
-- `parent` (the key up to its last '/') is derived by the database, so listing a folder is one
-- indexed lookup and can never disagree with the key.
CREATE TABLE bot_state (
  key text PRIMARY KEY,
  parent text GENERATED ALWAYS AS (regexp_replace(key, '/?[^/]*$', '')) STORED,
  document jsonb NOT NULL,
  etag text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bot_state_parent ON bot_state (parent);

-- Direct Line: a conversation and its activities. `last_seq` is the per-conversation counter:
-- an append bumps it and inserts the activity in one statement, so a number is never skipped
-- or given twice (the row lock on the conversation orders concurrent appends).
CREATE TABLE dl_conversations (
  id text PRIMARY KEY,
  meta jsonb NOT NULL,
  last_seq bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE dl_activities (
  conversation_id text NOT NULL REFERENCES dl_conversations (id) ON DELETE CASCADE,
  seq bigint NOT NULL,
  activity jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, seq)
);

-- Fan-out: every committed activity tells the listeners of all instances which conversation
-- moved and to which number; they read the rows themselves (a notification carries no content).
CREATE FUNCTION dl_activity_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('dl_activity', json_build_object('c', NEW.conversation_id, 's', NEW.seq)::text);
  RETURN NULL;
END;
$$;
CREATE TRIGGER dl_activities_notify AFTER INSERT ON dl_activities
  FOR EACH ROW EXECUTE FUNCTION dl_activity_notify();

-- Tokens refused per conversation (issued at or before revoked_at, seconds); the row matters
-- until `until` (seconds), when every such token has expired anyway.
CREATE TABLE dl_revocations (
  conversation_id text PRIMARY KEY,
  revoked_at bigint NOT NULL,
  until bigint NOT NULL
);
CREATE INDEX dl_revocations_until ON dl_revocations (until);

-- Uploaded files, shared so that any instance can serve them; gone after expires_at.
CREATE TABLE attachments (
  id text PRIMARY KEY,
  conversation_id text NOT NULL,
  content_type text NOT NULL,
  name text NOT NULL,
  bytes bytea NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX attachments_expires_at ON attachments (expires_at);
CREATE INDEX attachments_conversation ON attachments (conversation_id);

-- Redacted transcripts: retention is one indexed DELETE on the conversations past the cutoff;
-- their activities go with them (the cascade walks the primary key of transcript_activities).
CREATE TABLE transcript_conversations (
  conversation_id text PRIMARY KEY,
  channel_id text NOT NULL,
  started_at timestamptz NOT NULL,
  last_activity_at timestamptz NOT NULL,
  activity_count integer NOT NULL DEFAULT 0
);
CREATE INDEX transcript_conversations_last_activity ON transcript_conversations (last_activity_at);
CREATE TABLE transcript_activities (
  conversation_id text NOT NULL REFERENCES transcript_conversations (conversation_id) ON DELETE CASCADE,
  seq integer NOT NULL,
  activity jsonb NOT NULL,
  logged_at timestamptz NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);

-- Live-handoff tickets: the searchable fields are columns, the rest of the ticket is `document`.
-- Accepting is one conditional UPDATE ... WHERE status = 'waiting' RETURNING: one winner.
CREATE TABLE tickets (
  id text PRIMARY KEY,
  conversation_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('waiting', 'assigned', 'closed', 'expired', 'callback')),
  tenant_id text,
  agent_id text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  document jsonb NOT NULL
);
CREATE INDEX tickets_open ON tickets (created_at) WHERE status IN ('waiting', 'assigned', 'callback');
CREATE INDEX tickets_closed ON tickets (created_at) WHERE status IN ('closed', 'expired');
-- One open ticket per conversation, whichever instance opens it.
CREATE UNIQUE INDEX tickets_one_open_per_conversation ON tickets (conversation_id) WHERE status IN ('waiting', 'assigned', 'callback');

-- rate-limiter-flexible's RateLimiterPostgres table, exactly as that library creates it (the
-- limiters are built with tableCreated: true, so the library never runs DDL itself).
CREATE TABLE rate_limits (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
CREATE INDEX rate_limits_expire ON rate_limits (expire);

-- Periodic jobs (ticket expiry, idle customers, retention, callback sweeps): a job runs when its
-- row is due and this instance holds the row lock, so two instances never run one slot twice.
CREATE TABLE timer_claims (
  name text PRIMARY KEY,
  next_due_at timestamptz NOT NULL,
  last_run_at timestamptz,
  last_run_by text
);

-- Down Migration
DROP TABLE timer_claims;
DROP TABLE rate_limits;
DROP TABLE tickets;
DROP TABLE transcript_activities;
DROP TABLE transcript_conversations;
DROP TABLE attachments;
DROP TABLE dl_revocations;
DROP TRIGGER dl_activities_notify ON dl_activities;
DROP FUNCTION dl_activity_notify();
DROP TABLE dl_activities;
DROP TABLE dl_conversations;
DROP TABLE bot_state;
