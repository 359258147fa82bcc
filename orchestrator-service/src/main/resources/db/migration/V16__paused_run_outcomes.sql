-- Results that arrive while their run is PAUSED: the node's attempt is recorded at once (its
-- node_executions row finishes), but what would follow (successors starting, the run finishing)
-- waits here, in the same transaction, until the run is resumed. A crash while paused loses
-- nothing: resume replays these rows in arrival order under the run row lock, then deletes them.
CREATE TABLE run_held_outcomes (
    tenant        TEXT        NOT NULL,
    run_id        TEXT        NOT NULL,
    seq           BIGINT      GENERATED ALWAYS AS IDENTITY,
    execution_id  TEXT        NOT NULL,
    node_id       TEXT        NOT NULL,
    attempt       INT         NOT NULL,
    output        JSONB,
    error         JSONB,
    held_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, run_id, seq),
    FOREIGN KEY (tenant, run_id) REFERENCES runs (tenant, id)
);
