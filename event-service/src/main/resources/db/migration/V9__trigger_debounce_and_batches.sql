-- Debounce (the last event of a quiet period starts the run) and batches (up to N events, or what
-- came within a time, start one run), per key.
ALTER TABLE triggers
    ADD COLUMN debounce_period  TEXT,      -- ISO-8601 duration; null: no debounce
    ADD COLUMN debounce_key     TEXT,      -- CEL, string; null: one key
    ADD COLUMN batch_max_events INT,       -- null: no batches
    ADD COLUMN batch_max_wait   TEXT,      -- ISO-8601 duration
    ADD COLUMN batch_key        TEXT;      -- CEL, string; null: one key

-- 'debounced': waiting for a quiet period, or superseded by a later event (the reason says which);
-- 'batched': gathered into a batch (with the run once the batch started one).
ALTER TABLE trigger_evaluations DROP CONSTRAINT trigger_evaluations_outcome;
ALTER TABLE trigger_evaluations ADD CONSTRAINT trigger_evaluations_outcome
    CHECK (outcome IN ('started', 'refused', 'filtered', 'failed', 'limited', 'debounced', 'batched'));

-- Events a trigger is gathering per key, until due_at (or a full batch) starts their run.
CREATE TABLE trigger_gatherings (
    tenant      TEXT        NOT NULL,
    trigger_id  TEXT        NOT NULL,
    gather_key  TEXT        NOT NULL,
    event_ids   TEXT[]      NOT NULL,   -- stored ids, oldest first; a debounce keeps the last only
    first_at    TIMESTAMPTZ NOT NULL,
    due_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, trigger_id, gather_key)
);

CREATE INDEX trigger_gatherings_due ON trigger_gatherings (due_at);
