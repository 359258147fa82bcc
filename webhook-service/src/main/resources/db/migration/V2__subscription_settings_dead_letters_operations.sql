-- Issue 5: subscription settings, secret rotation, endpoint health, blocked keys, replays.
-- See docs/adr/0008-webhook-failure-policy-rate-limits-and-operations.md.

ALTER TABLE subscriptions
    -- Optimistic concurrency for PATCH (ETag / If-Match).
    ADD COLUMN version                     BIGINT      NOT NULL DEFAULT 1,
    ADD COLUMN updated_at                  TIMESTAMPTZ,
    -- What a dead head does to its key: BLOCK (wait for an operator) or SKIP (go on).
    ADD COLUMN failure_policy              TEXT        NOT NULL DEFAULT 'BLOCK'
        CHECK (failure_policy IN ('BLOCK', 'SKIP')),
    ADD COLUMN filter                      TEXT,        -- CEL over the event, bool
    ADD COLUMN ordering_key                TEXT,        -- CEL over the event; NULL: the Kafka key
    -- Deliveries per second; NULL: unlimited. The token bucket is shared by every instance: each
    -- attempt takes a token with one atomic UPDATE of this row.
    ADD COLUMN rate_limit                  INTEGER     CHECK (rate_limit IS NULL OR rate_limit > 0),
    ADD COLUMN rate_tokens                 DOUBLE PRECISION,
    ADD COLUMN rate_refilled_at            TIMESTAMPTZ,
    -- Secret rotation: the previous secret also signs until it expires.
    ADD COLUMN previous_secret             TEXT,
    ADD COLUMN previous_secret_expires_at  TIMESTAMPTZ,
    -- Endpoint health: since when every attempt failed (NULL: the last attempt succeeded).
    ADD COLUMN failing_since               TIMESTAMPTZ;

-- A BLOCK-policy key whose head died waits here for an operator (unblock: retry or skip).
ALTER TABLE delivery_queues ADD COLUMN blocked_by TEXT;

-- Replays and recovery append copies of earlier deliveries; only the original of an event is
-- unique per subscription (what makes redelivered Kafka records harmless).
ALTER TABLE deliveries ADD COLUMN replay_of TEXT;
ALTER TABLE deliveries ADD COLUMN replayed_at TIMESTAMPTZ;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_event_once;
CREATE UNIQUE INDEX deliveries_event_once ON deliveries (subscription_id, event_id)
    WHERE replay_of IS NULL;

-- Operations: deliveries of a subscription by key and status, newest id last (cursor on id).
CREATE INDEX deliveries_ops ON deliveries (tenant, subscription_id, ordering_key, id);
CREATE INDEX deliveries_dead ON deliveries (subscription_id, ordering_key, seq) WHERE status = 'DEAD';
CREATE INDEX delivery_queues_blocked ON delivery_queues (subscription_id) WHERE blocked_by IS NOT NULL;
