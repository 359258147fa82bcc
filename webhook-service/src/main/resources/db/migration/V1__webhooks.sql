-- Webhook subscriptions and their per-(subscription, ordering key) FIFO delivery queues.
-- See docs/adr/0004-webhook-delivery-engine.md for how the engine uses these tables.

CREATE TABLE subscriptions (
    tenant           TEXT        NOT NULL,
    id               TEXT        PRIMARY KEY,                 -- whs_<uuidv7>
    url              TEXT        NOT NULL,
    event_types      TEXT[]      NOT NULL,                    -- exact types or '*' patterns
    -- The whsec_ signing secret. Stored as issued because signing needs it in clear; encryption at
    -- rest comes with issue 5 (the integration-service crypto), see ADR 0004.
    secret           TEXT        NOT NULL,
    state            TEXT        NOT NULL CHECK (state IN ('ACTIVE', 'DISABLED')),
    disabled_reason  TEXT,
    idempotency_key  TEXT,
    created_at       TIMESTAMPTZ NOT NULL
);

CREATE INDEX subscriptions_tenant_id ON subscriptions (tenant, id);
CREATE INDEX subscriptions_active ON subscriptions (tenant) WHERE state = 'ACTIVE';
CREATE UNIQUE INDEX subscriptions_idempotency ON subscriptions (tenant, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- One row per (subscription, ordering key): draws the per-key sequence numbers, and its row lock
-- serialises ingestion and head completion of one key (so a new head is never missed).
CREATE TABLE delivery_queues (
    tenant           TEXT   NOT NULL,
    subscription_id  TEXT   NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    ordering_key     TEXT   NOT NULL,
    last_seq         BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, ordering_key)
);

CREATE TABLE deliveries (
    tenant           TEXT        NOT NULL,
    id               TEXT        PRIMARY KEY,                 -- whd_<uuidv7>, sent as webhook-id
    subscription_id  TEXT        NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    ordering_key     TEXT        NOT NULL,
    seq              BIGINT      NOT NULL,
    event_id         TEXT        NOT NULL,
    event_type       TEXT        NOT NULL,
    payload          TEXT        NOT NULL,                    -- CloudEvent, JSON structured mode; signed byte for byte
    status           TEXT        NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'DEAD')),
    attempts         INTEGER     NOT NULL DEFAULT 0,
    -- Only the head (lowest seq PENDING) of a queue is scheduled; the others wait with NULL.
    -- While an attempt is in flight it holds the lease expiry.
    next_attempt_at  TIMESTAMPTZ,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    delivered_at     TIMESTAMPTZ,
    CONSTRAINT deliveries_event_once UNIQUE (subscription_id, event_id),
    CONSTRAINT deliveries_seq_once UNIQUE (subscription_id, ordering_key, seq)
);

-- The engine's scan: scheduled heads by due time.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at)
    WHERE status = 'PENDING' AND next_attempt_at IS NOT NULL;
-- Head lookup per queue.
CREATE INDEX deliveries_queue_pending ON deliveries (subscription_id, ordering_key, seq)
    WHERE status = 'PENDING';
CREATE INDEX deliveries_tenant_subscription ON deliveries (tenant, subscription_id, created_at);

CREATE TABLE delivery_attempts (
    id                BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant            TEXT        NOT NULL,
    delivery_id       TEXT        NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    attempt           INTEGER     NOT NULL,
    attempted_at      TIMESTAMPTZ NOT NULL,
    status_code       INTEGER,
    latency_ms        BIGINT      NOT NULL,
    response_excerpt  TEXT,                                  -- at most delivery.response-excerpt-limit
    error             TEXT
);

CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, id);
