-- Workflow definitions: every save is a new immutable version; runs point at the version they started on.
CREATE TABLE workflow_definitions (
    tenant           TEXT        NOT NULL,
    workflow_id      TEXT        NOT NULL,
    version          INT         NOT NULL,
    name             TEXT        NOT NULL,
    document         JSONB       NOT NULL,
    idempotency_key  TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, workflow_id, version)
);
CREATE UNIQUE INDEX workflow_definitions_idempotency
    ON workflow_definitions (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- One row per run: the aggregate every state change locks (SELECT ... FOR UPDATE) first.
CREATE TABLE runs (
    tenant           TEXT        NOT NULL,
    id               TEXT        NOT NULL,
    workflow_id      TEXT        NOT NULL,
    workflow_version INT         NOT NULL,
    status           TEXT        NOT NULL,
    trigger_data     JSONB       NOT NULL,
    outputs          JSONB       NOT NULL DEFAULT '{}'::jsonb,
    error            JSONB,
    idempotency_key  TEXT,
    started_at       TIMESTAMPTZ NOT NULL,
    completed_at     TIMESTAMPTZ,
    PRIMARY KEY (tenant, id),
    FOREIGN KEY (tenant, workflow_id, workflow_version)
        REFERENCES workflow_definitions (tenant, workflow_id, version)
);
CREATE UNIQUE INDEX runs_idempotency ON runs (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX runs_by_workflow ON runs (tenant, workflow_id, started_at);

-- Every node attempt: the run's history, and the idempotence of function results (by execution id).
CREATE TABLE node_executions (
    tenant        TEXT        NOT NULL,
    execution_id  TEXT        NOT NULL,
    run_id        TEXT        NOT NULL,
    node_id       TEXT        NOT NULL,
    attempt       INT         NOT NULL,
    status        TEXT        NOT NULL,
    input         JSONB,
    output        JSONB,
    error         JSONB,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    PRIMARY KEY (tenant, execution_id),
    UNIQUE (tenant, run_id, node_id, attempt),
    FOREIGN KEY (tenant, run_id) REFERENCES runs (tenant, id)
);
