-- Transactional outbox (module io.flowmesh:outbox). Rows live only until Kafka acknowledged them.
-- The identity is drawn at insert; writers of one key are serialised by an advisory lock taken by
-- the library before the insert, so ids of one key follow commit order and the relay, reading by
-- id, publishes each key in commit order.
CREATE TABLE outbox (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     UUID        NOT NULL,
    tenant       TEXT        NOT NULL,
    topic        TEXT        NOT NULL,
    message_key  TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    subject      TEXT,
    traceparent  TEXT,
    occurred_at  TIMESTAMPTZ NOT NULL,
    payload      BYTEA       NOT NULL
);
