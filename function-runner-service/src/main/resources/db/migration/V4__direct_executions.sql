-- Direct executions (POST /execute, ADR 0022): one row per execution id the caller chose, per
-- tenant. Kept apart from "executions" because those ids are the orchestrator's: a caller's id must
-- never match a run's execution, which the request listener would then skip as already answered.
CREATE TABLE direct_executions (
    tenant        TEXT        NOT NULL,
    execution_id  TEXT        NOT NULL,   -- the caller's id, the idempotency key
    invocation_id TEXT        NOT NULL,   -- ours, unique across tenants: what executors see
    function      TEXT        NOT NULL,   -- the slug as requested
    request_hash  TEXT        NOT NULL,   -- SHA-256 of slug and input, to refuse a reused id
    workflow_id   TEXT,
    node_id       TEXT,
    node_name     TEXT,
    status        TEXT        NOT NULL,
    output        JSONB,
    error         JSONB,
    started_at    TIMESTAMPTZ NOT NULL,
    -- A row still RUNNING after this was abandoned (its instance stopped): it is then failed.
    deadline_at   TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    PRIMARY KEY (tenant, execution_id),
    CONSTRAINT direct_executions_status CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED'))
);
