-- Inbound webhooks (ADR 0033): POST /hooks/{id} from a provider, verified per hook, stored as a
-- CloudEvent and run through the triggers.
CREATE TABLE hooks (
    -- hook_<UUIDv7>. Unique across tenants: a delivery names the hook and nothing else, so the
    -- hook is found by its id alone, and the tenant is the hook's.
    id               TEXT        PRIMARY KEY,
    tenant           TEXT        NOT NULL,
    name             TEXT        NOT NULL,
    event_type       TEXT        NOT NULL,   -- the CloudEvent type given to what it receives
    scheme           TEXT        NOT NULL,
    signature_header TEXT,                   -- hmac: the header that carries the signature
    encoding         TEXT,                   -- hmac: hex or base64
    prefix           TEXT,                   -- hmac: text before the signature, e.g. 'sha256='
    username         TEXT,                   -- basic: the user name
    tolerance_seconds INTEGER,               -- stripe: how far the signed timestamp may be from now
    -- The secret, stored as issued, as webhook-service stores its signing secrets: checking an
    -- HMAC needs the key in clear. Encryption at rest is still open (ADR 0033, ADR 0004).
    secret           TEXT        NOT NULL,
    headers          TEXT[]      NOT NULL,   -- request headers copied into the event's extensions
    max_body_bytes   BIGINT      NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    CONSTRAINT hooks_scheme CHECK (scheme IN ('standard-webhooks', 'github', 'stripe', 'slack', 'hmac', 'basic', 'bearer'))
);

CREATE INDEX hooks_by_tenant ON hooks (tenant, id);
