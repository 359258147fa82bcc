-- Connections become writable: an enabled flag, a version for ETag/If-Match, idempotent creation,
-- credential resolution audit and health checks. The type schemas change where the
-- function-runner contract needs it (smtp) and gain an optional health URL for the HTTP types.
--
-- secret_fields names the secret fields that are set, so the API can mask them without decrypting.
-- connections.encrypted_secret now holds an envelope (see SecretCipher): the data key wrapped by
-- the master key named in key_id, and the secret JSON encrypted with that data key. Every
-- connection has one (an empty secret object is encrypted too), so the old CHECK still holds.

ALTER TABLE connections
    ADD COLUMN enabled           BOOLEAN     NOT NULL DEFAULT true,
    ADD COLUMN version           BIGINT      NOT NULL DEFAULT 1,
    ADD COLUMN secret_fields     TEXT[]      NOT NULL DEFAULT '{}',
    ADD COLUMN health_status     TEXT        NOT NULL DEFAULT 'UNKNOWN',
    ADD COLUMN health_checked_at TIMESTAMPTZ,
    ADD COLUMN next_check_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD CONSTRAINT connections_health_status CHECK (health_status IN ('UNKNOWN', 'HEALTHY', 'UNHEALTHY'));

-- The scheduler claims due checks by this index (FOR UPDATE SKIP LOCKED).
CREATE INDEX connections_due_checks ON connections (next_check_at) WHERE enabled;
-- Re-encryption finds rows still under an old master key.
CREATE INDEX connections_by_key_id ON connections (key_id);

-- Idempotency-Key of a create. The fingerprint covers type, name and settings but not the secret
-- values: a hash of a short password could be brute-forced from a database dump.
CREATE TABLE connection_idempotency_keys (
    tenant          TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    fingerprint     TEXT        NOT NULL,
    connection_id   TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, idempotency_key)
);

-- Every credential resolution: who asked, when, for which connection. Never the secret.
CREATE TABLE credential_resolutions (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant        TEXT        NOT NULL,
    connection_id TEXT        NOT NULL,
    caller        TEXT        NOT NULL,
    outcome       TEXT        NOT NULL,
    resolved_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX credential_resolutions_by_connection ON credential_resolutions (tenant, connection_id, resolved_at);

-- Recent health checks of a connection (the API shows the latest few; old rows are pruned).
CREATE TABLE connection_health_checks (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant        TEXT        NOT NULL,
    connection_id TEXT        NOT NULL,
    checked_at    TIMESTAMPTZ NOT NULL,
    healthy       BOOLEAN     NOT NULL,
    latency_ms    BIGINT      NOT NULL,
    detail        TEXT        NOT NULL,
    FOREIGN KEY (tenant, connection_id) REFERENCES connections (tenant, id) ON DELETE CASCADE
);
CREATE INDEX connection_health_checks_recent ON connection_health_checks (tenant, connection_id, checked_at DESC);

-- smtp as the function-runner reads it: settings host, port, from, tls; secrets username, password.
UPDATE integration_types SET settings_schema = '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["host", "from"],
  "additionalProperties": false,
  "properties": {
    "host": {"type": "string", "minLength": 1, "format": "hostname"},
    "port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 587},
    "from": {"type": "string", "format": "email", "description": "Sender address."},
    "tls": {"type": "boolean", "default": true, "description": "Require STARTTLS before authenticating."}
  }
}', secret_schema = '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "additionalProperties": false,
  "dependentRequired": {"username": ["password"]},
  "properties": {
    "username": {"type": "string", "minLength": 1, "writeOnly": true, "description": "Omit when the server needs no authentication."},
    "password": {"type": "string", "writeOnly": true}
  }
}'
WHERE tenant = '*' AND type = 'smtp';

-- An optional health URL: the health check GETs it (a 2xx is healthy). Without one, HTTP-type
-- connections are not checked (their base URL may not answer GET /).
UPDATE integration_types
SET settings_schema = jsonb_set(settings_schema, '{properties,healthUrl}',
    '{"type": "string", "format": "uri", "pattern": "^https?://", "description": "Optional URL the health check GETs; a 2xx answer is healthy."}')
WHERE tenant = '*' AND type IN ('http-bearer', 'http-basic', 'api-key-header', 'slack-webhook');

-- Secret fields are marked writeOnly (JSON Schema 2020-12: sent by clients, never returned).
UPDATE integration_types t
SET secret_schema = jsonb_set(t.secret_schema, ARRAY['properties', p.key],
    p.value || '{"writeOnly": true}')
FROM integration_types t2, jsonb_each(t2.secret_schema -> 'properties') p
WHERE t.tenant = t2.tenant AND t.type = t2.type AND t.tenant = '*' AND t.type <> 'smtp';
