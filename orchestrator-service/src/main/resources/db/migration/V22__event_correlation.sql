-- Event correlation (ADR 0036): accepted events resume the approval gates and wait-for-event
-- nodes of their tenant that wait for their type and whose correlation matches.

-- One open wait per node attempt, written in the transaction that starts the attempt. Open while
-- the attempt runs and no event resolved it; deleted when its event is delivered, with its run,
-- or by the purge once its attempt ended otherwise.
CREATE TABLE event_waits (
    tenant        TEXT        NOT NULL,
    execution_id  TEXT        NOT NULL,
    run_id        TEXT        NOT NULL,
    node_id       TEXT        NOT NULL,
    event_name    TEXT        NOT NULL,
    correlation   TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    -- checked against the events buffered before it
    checked       BOOLEAN     NOT NULL DEFAULT false,
    -- the stored id of the event that matched it, until it is delivered
    resolved_by   TEXT,
    PRIMARY KEY (tenant, execution_id)
);
CREATE INDEX event_waits_open ON event_waits (tenant, event_name, created_at)
    WHERE resolved_by IS NULL;
CREATE INDEX event_waits_unchecked ON event_waits (tenant, event_name) WHERE NOT checked;
CREATE INDEX event_waits_by_run ON event_waits (tenant, run_id);

-- Accepted events, kept for the buffer window: for waits recorded just after an event arrived,
-- and to recognise a redelivered event.
CREATE TABLE correlation_events (
    tenant       TEXT        NOT NULL,
    stored_id    TEXT        NOT NULL,
    event_name   TEXT        NOT NULL,
    event        JSONB       NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, stored_id)
);
CREATE INDEX correlation_events_by_name ON correlation_events (tenant, event_name, received_at);
CREATE INDEX correlation_events_by_age ON correlation_events (received_at);

-- Which event resumed which node of which run: at most once per (run, node, event). Kept with
-- the run (purged with it).
CREATE TABLE correlated_events (
    tenant         TEXT        NOT NULL,
    run_id         TEXT        NOT NULL,
    node_id        TEXT        NOT NULL,
    stored_id      TEXT        NOT NULL,
    execution_id   TEXT        NOT NULL,
    correlated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, run_id, node_id, stored_id)
);
