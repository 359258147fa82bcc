-- GET /runs lists newest first by run id (UUIDv7, so by start time) with keyset pagination on the
-- id; these indexes serve the common filters without a sort.
CREATE INDEX runs_by_workflow_id ON runs (tenant, workflow_id, id);
CREATE INDEX runs_by_status ON runs (tenant, status, id);
CREATE INDEX runs_by_any_business_key ON runs (tenant, business_key, id)
    WHERE business_key IS NOT NULL;

-- The SHA-256 of the start request an Idempotency-Key was first used with: the same key with a
-- different request is a conflict, not a silent replay of another run. Null for runs started
-- before this column existed (and without a key).
ALTER TABLE runs ADD COLUMN request_fingerprint TEXT;
