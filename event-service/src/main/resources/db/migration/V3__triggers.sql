-- Triggers: which events start which workflow (ADR 0032).
CREATE TABLE triggers (
    tenant       TEXT        NOT NULL,
    id           TEXT        NOT NULL,   -- trg_<UUIDv7>
    name         TEXT        NOT NULL,
    workflow_id  TEXT        NOT NULL,
    event_types  TEXT[]      NOT NULL,   -- exact types, prefixes ending in '*', or '*'
    filter       TEXT,                   -- CEL, bool
    input        TEXT,                   -- CEL, the run's input; null: the event's data
    business_key TEXT,                   -- CEL, string
    enabled      BOOLEAN     NOT NULL DEFAULT true,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE INDEX triggers_enabled ON triggers (tenant) WHERE enabled;

-- One row per (trigger, event) the trigger's types matched: what became of it. Unique, so an
-- event is evaluated by a trigger once however often it arrives or is replayed.
CREATE TABLE trigger_evaluations (
    tenant       TEXT        NOT NULL,
    trigger_id   TEXT        NOT NULL,
    event_id     TEXT        NOT NULL,   -- the stored event id, evt_...
    outcome      TEXT        NOT NULL,   -- started, refused, filtered, failed
    run_id       TEXT,                   -- the run it started (or asked to start)
    reason       TEXT,                   -- why not, for filtered, failed and refused
    evaluated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, event_id, trigger_id),
    CONSTRAINT trigger_evaluations_outcome CHECK (outcome IN ('started', 'refused', 'filtered', 'failed'))
);

CREATE INDEX trigger_evaluations_by_trigger ON trigger_evaluations (tenant, trigger_id, evaluated_at);
CREATE INDEX trigger_evaluations_by_run ON trigger_evaluations (tenant, run_id) WHERE run_id IS NOT NULL;
