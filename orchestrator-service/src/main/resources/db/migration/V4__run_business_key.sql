-- A business key (an order number, a ticket id) makes starting a run idempotent per workflow:
-- the same key starts the run once and afterwards answers with that run.
ALTER TABLE runs ADD COLUMN business_key TEXT;

CREATE UNIQUE INDEX runs_business_key ON runs (tenant, workflow_id, business_key)
    WHERE business_key IS NOT NULL;
