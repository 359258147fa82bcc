-- Schedules: workflows started by time (docs/schedules.md).
CREATE TABLE schedules (
    tenant           TEXT        NOT NULL,
    id               TEXT        NOT NULL,   -- sch_<UUIDv7>
    name             TEXT        NOT NULL,
    workflow_id      TEXT        NOT NULL,
    cron             TEXT,                   -- exactly one of cron, interval_ms and once_at
    interval_ms      BIGINT,
    once_at          TIMESTAMPTZ,
    time_zone        TEXT        NOT NULL,   -- IANA, for cron
    input            JSONB,
    jitter_ms        BIGINT      NOT NULL DEFAULT 0,
    start_at         TIMESTAMPTZ,
    end_at           TIMESTAMPTZ,
    catch_up         TEXT        NOT NULL,   -- after downtime: 'latest' or 'all' missed times
    catch_up_window_ms BIGINT    NOT NULL,   -- missed times older than this are skipped
    paused           BOOLEAN     NOT NULL DEFAULT false,
    next_fire_at     TIMESTAMPTZ,            -- the next nominal fire time; null when none is left
    due_at           TIMESTAMPTZ,            -- when to fire it: next_fire_at plus its jitter
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, id),
    CONSTRAINT schedules_one_spec CHECK (num_nonnulls(cron, interval_ms, once_at) = 1),
    CONSTRAINT schedules_catch_up CHECK (catch_up IN ('latest', 'all'))
);

CREATE INDEX schedules_due ON schedules (due_at) WHERE NOT paused AND due_at IS NOT NULL;

-- Every fire: unique per (schedule, nominal time), so a time fires once however many replicas
-- poll, and the run it asked for is named.
CREATE TABLE schedule_fires (
    tenant       TEXT        NOT NULL,
    schedule_id  TEXT        NOT NULL,
    fire_time    TIMESTAMPTZ NOT NULL,   -- the nominal time (for a manual fire: when asked)
    kind         TEXT        NOT NULL,   -- scheduled, caught-up, manual
    run_id       TEXT        NOT NULL,
    fired_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, schedule_id, fire_time)
);
