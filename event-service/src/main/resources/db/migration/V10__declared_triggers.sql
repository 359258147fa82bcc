-- Triggers and schedules a workflow declares in its trigger node (config.triggerType), kept in step
-- with its latest version from the orchestrator's workflow events.
ALTER TABLE triggers ADD COLUMN declared_version INT;     -- null: created through the API
CREATE UNIQUE INDEX triggers_declared ON triggers (tenant, workflow_id)
    WHERE declared_version IS NOT NULL;
ALTER TABLE schedules ADD COLUMN declared_version INT;    -- null: created through the API
CREATE UNIQUE INDEX schedules_declared ON schedules (tenant, workflow_id)
    WHERE declared_version IS NOT NULL;

-- The latest version of each workflow whose declaration was applied, and why event-service could
-- not apply it, if it could not: a redelivered or older version changes nothing.
CREATE TABLE workflow_declarations (
    tenant       TEXT        NOT NULL,
    workflow_id  TEXT        NOT NULL,
    version      INT         NOT NULL,
    trigger_type TEXT        NOT NULL,
    problem      TEXT,
    applied_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, workflow_id)
);
