-- Human tasks opened by manual-task nodes. The node's execution stays RUNNING until the task is
-- completed through the API; a task whose execution was cancelled (the run was cancelled or
-- failed) is no longer open, which the queries derive from the execution's status.
CREATE TABLE manual_tasks (
    tenant        TEXT        NOT NULL,
    id            TEXT        NOT NULL,
    run_id        TEXT        NOT NULL,
    node_id       TEXT        NOT NULL,
    execution_id  TEXT        NOT NULL,
    assignee      TEXT,
    details       JSONB       NOT NULL,
    form          JSONB,
    data          JSONB,
    created_at    TIMESTAMPTZ NOT NULL,
    completed_at  TIMESTAMPTZ,
    PRIMARY KEY (tenant, id),
    UNIQUE (tenant, execution_id),
    FOREIGN KEY (tenant, run_id) REFERENCES runs (tenant, id),
    FOREIGN KEY (tenant, execution_id) REFERENCES node_executions (tenant, execution_id)
);
CREATE INDEX manual_tasks_by_run ON manual_tasks (tenant, run_id, id);
-- The task inbox: open tasks of an assignee, in creation order (ids are UUIDv7).
CREATE INDEX manual_tasks_open ON manual_tasks (tenant, assignee, id) WHERE completed_at IS NULL;
