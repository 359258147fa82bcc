-- Disabling is a property of the workflow, not of a version: a row here means the tenant's
-- workflow is disabled; no row means enabled. Running runs are not affected.
CREATE TABLE disabled_workflows (
    tenant       TEXT        NOT NULL,
    workflow_id  TEXT        NOT NULL,
    disabled_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, workflow_id)
);
