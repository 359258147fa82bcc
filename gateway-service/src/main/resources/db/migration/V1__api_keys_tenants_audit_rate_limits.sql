-- The gateway's own state (ADR 0035): tenants, API keys and their secrets, the audit log and the
-- rate-limit buckets every replica shares.

CREATE TABLE tenants (
    id           text PRIMARY KEY,
    name         text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('ACTIVE', 'SUSPENDED')),
    created_at   timestamptz NOT NULL,
    suspended_at timestamptz
);

CREATE TABLE api_keys (
    id           text PRIMARY KEY,
    tenant_id    text        NOT NULL,
    name         text        NOT NULL,
    scopes       text[]      NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   text        NOT NULL,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    last_used_at timestamptz
);

-- Listing a tenant's keys, oldest first, by cursor.
CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id, id);

-- A key has one secret, or two while a rotation overlaps: the old one then has an expiry. Only the
-- SHA-256 of a secret is stored; it is what a presented key is looked up by.
CREATE TABLE api_key_secrets (
    secret_hash bytea PRIMARY KEY,
    key_id      text        NOT NULL REFERENCES api_keys (id),
    prefix      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz
);

CREATE INDEX api_key_secrets_by_key ON api_key_secrets (key_id, created_at DESC);

CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   text        NOT NULL,
    key_id      text        NOT NULL,
    method      text        NOT NULL,
    path        text        NOT NULL,
    route       text,
    status      integer     NOT NULL,
    request_id  text,
    occurred_at timestamptz NOT NULL
);

-- A tenant's entries, newest first, by cursor; the purge deletes by time.
CREATE INDEX audit_log_by_tenant ON audit_log (tenant_id, id DESC);
CREATE INDEX audit_log_by_time ON audit_log (occurred_at);

-- Bucket4j's PostgreSQL backend: one row per key and per tenant, its state serialised by Bucket4j;
-- expires_at (epoch milliseconds) tells when an idle bucket is full again and may be removed.
CREATE TABLE rate_limit_buckets (
    id         text PRIMARY KEY,
    state      bytea,
    expires_at bigint
);
