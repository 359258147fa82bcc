-- An inbound webhook may answer with the output of the run its delivery started, and may limit
-- how often it is called.
ALTER TABLE hooks
    ADD COLUMN respond          TEXT    NOT NULL DEFAULT 'accepted'
        CONSTRAINT hooks_respond CHECK (respond IN ('accepted', 'run-output')),
    ADD COLUMN respond_timeout_ms BIGINT NOT NULL DEFAULT 10000,
    ADD COLUMN rate_requests    INTEGER,            -- at most this many deliveries ...
    ADD COLUMN rate_period_ms   BIGINT;             -- ... per this period, per replica
