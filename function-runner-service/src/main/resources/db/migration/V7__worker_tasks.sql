-- External workers (ADR 0049): functions of the kind 'worker' are run by the tenant's own processes,
-- which poll for their requests. Each request waits here as a task until a worker leases it.
ALTER TABLE functions DROP CONSTRAINT functions_execution_type;
ALTER TABLE functions ADD CONSTRAINT functions_execution_type
    CHECK (execution_type IN ('builtin', 'http', 'oci', 'pack', 'worker'));

-- One row per execution of a worker function; the task id is the execution id, so a redelivered
-- request finds its task. The result is recorded in "executions" like any other function's.
CREATE TABLE worker_tasks (
    tenant           TEXT        NOT NULL,
    task_id          TEXT        NOT NULL,   -- the execution id
    function         TEXT        NOT NULL,
    run_id           TEXT        NOT NULL,
    node_id          TEXT,
    attempt          INTEGER     NOT NULL,
    input            JSONB,
    reply_key        TEXT        NOT NULL,   -- the request's record key, reused for the result
    traceparent      TEXT,
    status           TEXT        NOT NULL DEFAULT 'QUEUED',
    -- A lease is valid while the task is LEASED, its token matches and it has not expired.
    lease_token      TEXT,
    leased_by        TEXT,
    lease_expires_at TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    leased_at        TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ,
    PRIMARY KEY (tenant, task_id),
    CONSTRAINT worker_tasks_status
        CHECK (status IN ('QUEUED', 'LEASED', 'SUCCEEDED', 'FAILED', 'EXPIRED'))
);

-- What a poll reads: the oldest queued tasks of a tenant's slugs.
CREATE INDEX worker_tasks_queued ON worker_tasks (tenant, function, created_at) WHERE status = 'QUEUED';
-- What the lease reaper reads.
CREATE INDEX worker_tasks_leases ON worker_tasks (lease_expires_at) WHERE status = 'LEASED';
