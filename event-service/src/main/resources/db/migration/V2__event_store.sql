-- The event store: every accepted event, from the API or from inside the platform.
--
-- V1's "events" table was a placeholder that nothing wrote; it is replaced by a table partitioned
-- by day of acceptance, so that retention drops whole partitions instead of deleting rows, and a
-- query over a time range reads only the days it names. Partitions are created ahead of time and
-- on demand by the service (EventPartitions); none is created here.
DROP TABLE events;

CREATE TABLE events (
    tenant          TEXT        NOT NULL,
    id              TEXT        NOT NULL,   -- the stored id, evt_<UUIDv7>: ordered by acceptance
    received_at     TIMESTAMPTZ NOT NULL,   -- when it was accepted; the instant inside the id
    source          TEXT        NOT NULL,
    event_id        TEXT        NOT NULL,   -- the CloudEvent's id, unique per source
    type            TEXT        NOT NULL,
    subject         TEXT,
    time            TIMESTAMPTZ,            -- the CloudEvent's own time attribute, when it has one
    datacontenttype TEXT,
    dataschema      TEXT,
    data            JSONB,                  -- JSON data
    data_base64     TEXT,                   -- any other data, base64-encoded
    extensions      JSONB       NOT NULL DEFAULT '{}',
    origin          TEXT        NOT NULL,   -- 'api' or 'platform'
    PRIMARY KEY (received_at, id)
) PARTITION BY RANGE (received_at);

CREATE INDEX events_by_tenant_and_id ON events (tenant, id);
CREATE INDEX events_by_type ON events (tenant, type, id);
CREATE INDEX events_by_source ON events (tenant, source, id);
CREATE INDEX events_by_subject ON events (tenant, subject, id) WHERE subject IS NOT NULL;

-- CloudEvents identify an event by source and id: the first acceptance of a (source, id) claims
-- it here, and a redelivered or resent event finds its claim and is not stored again. Rows older
-- than the retention go with the events they claimed.
CREATE TABLE event_keys (
    tenant      TEXT        NOT NULL,
    source      TEXT        NOT NULL,
    event_id    TEXT        NOT NULL,
    id          TEXT        NOT NULL,   -- the stored id of the event that claimed it
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, source, event_id)
);

CREATE INDEX event_keys_by_age ON event_keys (received_at);
