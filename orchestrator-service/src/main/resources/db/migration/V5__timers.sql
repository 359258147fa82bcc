-- Durable timers: timer nodes, retry backoffs, node and approval timeouts. A row is written in the
-- transaction of the transition that needs it and deleted in the transaction that fires it. Every
-- replica polls due rows with FOR UPDATE SKIP LOCKED, so a timer fires exactly once however many
-- replicas poll. No foreign key to runs: a timer of a run that is gone is simply discarded when due.
CREATE TABLE timers (
    id            BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant        TEXT        NOT NULL,
    run_id        TEXT        NOT NULL,
    node_id       TEXT        NOT NULL,
    execution_id  TEXT        NOT NULL,
    attempt       INT         NOT NULL,
    kind          TEXT        NOT NULL,
    due_at        TIMESTAMPTZ NOT NULL,
    payload       JSONB,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX timers_due ON timers (due_at);
CREATE INDEX timers_by_execution ON timers (tenant, execution_id);
CREATE INDEX timers_by_run ON timers (tenant, run_id);
