-- The runs event-service asked for (from triggers and schedules) and whether they have ended, read
-- from the runs' lifecycle events: what a trigger's concurrency limit counts, what a schedule's
-- overlap policy looks at, and how deep in a chain of triggered runs a run is.
CREATE TABLE started_runs (
    tenant          TEXT        NOT NULL,
    run_id          TEXT        NOT NULL,
    trigger_id      TEXT,                   -- the trigger that started it, or null
    schedule_id     TEXT,                   -- the schedule that started it, or null
    concurrency_key TEXT,                   -- the trigger's concurrency key for it, or null
    chain_depth     INT         NOT NULL,   -- 1 for a run started by an outside event
    started_at      TIMESTAMPTZ NOT NULL,
    ended_at        TIMESTAMPTZ,            -- null while it runs
    end_status      TEXT,                   -- completed, failed, cancelled or refused
    PRIMARY KEY (tenant, run_id)
);

CREATE INDEX started_runs_active_by_trigger ON started_runs (tenant, trigger_id, concurrency_key)
    WHERE ended_at IS NULL AND trigger_id IS NOT NULL;
CREATE INDEX started_runs_active_by_schedule ON started_runs (tenant, schedule_id)
    WHERE ended_at IS NULL AND schedule_id IS NOT NULL;
CREATE INDEX started_runs_ended ON started_runs (ended_at) WHERE ended_at IS NOT NULL;

-- A trigger's concurrency limit: at most this many of its runs active per key.
ALTER TABLE triggers
    ADD COLUMN concurrency_key   TEXT,      -- CEL, string; null: the business key, else one key
    ADD COLUMN concurrency_limit INT;

-- 'limited': a chain too deep or a concurrency limit reached; the reason says which.
ALTER TABLE trigger_evaluations DROP CONSTRAINT trigger_evaluations_outcome;
ALTER TABLE trigger_evaluations ADD CONSTRAINT trigger_evaluations_outcome
    CHECK (outcome IN ('started', 'refused', 'filtered', 'failed', 'limited'));

-- A schedule's overlap policy: what a time does while a run it started has not ended.
ALTER TABLE schedules ADD COLUMN overlap TEXT NOT NULL DEFAULT 'allow-all'
    CONSTRAINT schedules_overlap CHECK (overlap IN ('allow-all', 'skip', 'buffer-one', 'buffer-all'));

-- A fire that started nothing (skipped) or waits for the running ones to end (buffered) has no
-- run yet; kind gains 'backfill' for times fired by POST /api/v1/schedules/{id}/backfill.
ALTER TABLE schedule_fires ALTER COLUMN run_id DROP NOT NULL;
ALTER TABLE schedule_fires ADD COLUMN outcome TEXT NOT NULL DEFAULT 'started'
    CONSTRAINT schedule_fires_outcome CHECK (outcome IN ('started', 'skipped', 'buffered'));
CREATE INDEX schedule_fires_buffered ON schedule_fires (tenant, schedule_id, fire_time)
    WHERE outcome = 'buffered';

-- A forced replay evaluates an event again: its evaluations carry the replay's id ('' for the
-- first evaluation, which stays unique per event and trigger).
ALTER TABLE trigger_evaluations ADD COLUMN replay_id TEXT NOT NULL DEFAULT '';
ALTER TABLE trigger_evaluations DROP CONSTRAINT trigger_evaluations_pkey;
ALTER TABLE trigger_evaluations ADD PRIMARY KEY (tenant, event_id, trigger_id, replay_id);
