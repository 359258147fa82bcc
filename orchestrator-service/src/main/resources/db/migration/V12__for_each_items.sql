-- The function executions of for-each items. The for-each node's own execution stays RUNNING in
-- node_executions until every item completed (or one failed); its input holds the items. Results
-- find their item here by execution id, under the run row lock, so a redelivered or late result
-- (item no longer RUNNING, node or run finished) changes nothing.
CREATE TABLE for_each_items (
    tenant             TEXT        NOT NULL,
    execution_id       TEXT        NOT NULL,
    run_id             TEXT        NOT NULL,
    node_id            TEXT        NOT NULL,
    node_execution_id  TEXT        NOT NULL,
    item_index         INT         NOT NULL,
    status             TEXT        NOT NULL,
    input              JSONB,
    output             JSONB,
    error              JSONB,
    started_at         TIMESTAMPTZ NOT NULL,
    finished_at        TIMESTAMPTZ,
    PRIMARY KEY (tenant, execution_id),
    UNIQUE (tenant, node_execution_id, item_index),
    FOREIGN KEY (tenant, node_execution_id) REFERENCES node_executions (tenant, execution_id)
);
