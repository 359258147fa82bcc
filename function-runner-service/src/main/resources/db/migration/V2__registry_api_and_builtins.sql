-- Registry API (register / update as a new version / disable) and the offline builtins.

-- revision counts updates of a tenant's function (the ETag); version is the user's label.
ALTER TABLE functions ADD COLUMN revision        INTEGER NOT NULL DEFAULT 1;
ALTER TABLE functions ADD COLUMN working_dir     TEXT;
ALTER TABLE functions ADD COLUMN resources       JSONB;   -- container limits {"cpu": "500m", "memory": "256Mi"}
ALTER TABLE functions ADD COLUMN idempotency_key TEXT;    -- Idempotency-Key of the registering POST
ALTER TABLE functions ADD COLUMN request_hash    TEXT;    -- SHA-256 of that request body, to detect key reuse

CREATE UNIQUE INDEX functions_idempotency_key ON functions (tenant, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- Every version a function had; an update appends the row it replaces, so runs and audits can
-- learn what a slug meant at a time.
CREATE TABLE function_versions (
    tenant      TEXT        NOT NULL,
    slug        TEXT        NOT NULL,
    revision    INTEGER     NOT NULL,
    version     TEXT        NOT NULL,
    definition  JSONB       NOT NULL,
    replaced_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, slug, revision)
);

INSERT INTO functions (tenant, slug, name, description, plugin_id, execution_type,
                       input_schema, output_schema, timeout_seconds, integration_type)
VALUES
    ('*', 'system/http-request', 'HTTP request',
     'Sends one HTTP request (SSRF-guarded) and returns status, headers and body.', 'system', 'builtin',
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["url"],
       "properties": {
         "method": {"type": "string", "enum": ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"], "default": "GET"},
         "url": {"type": "string", "minLength": 1, "maxLength": 2048},
         "headers": {"type": "object", "additionalProperties": {"type": "string"}},
         "body": {"description": "A string is sent as is; any other JSON value as application/json."},
         "timeoutSeconds": {"type": "integer", "minimum": 1, "maximum": 300, "default": 30},
         "failOnHttpError": {"type": "boolean", "default": true, "description": "Fail on status >= 400 (4xx not retryable; 429 and 5xx retryable)."},
         "connectionId": {"type": "string", "description": "A connection whose HTTP auth headers are added."}
       }, "additionalProperties": false}',
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["status", "headers"],
       "properties": {"status": {"type": "integer"}, "headers": {"type": "object"}, "body": {}}}',
     300, NULL),
    ('*', 'core/transform', 'Transform (JSONata)',
     'Evaluates a JSONata expression against data and returns the result.', 'core', 'builtin',
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["expression"],
       "properties": {"expression": {"type": "string", "minLength": 1, "maxLength": 10000},
                      "data": {"description": "The JSON the expression reads as $."}},
       "additionalProperties": false}',
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["result"],
       "properties": {"result": {"description": "The value of the expression; null if it matched nothing."}}}',
     10, NULL),
    ('*', 'core/uuid', 'UUID',
     'Generates a random (version 4) or time-ordered (version 7) UUID.', 'core', 'builtin',
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": ["object", "null"],
       "properties": {"version": {"type": "integer", "enum": [4, 7], "default": 4}}, "additionalProperties": false}',
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["uuid"],
       "properties": {"uuid": {"type": "string", "format": "uuid"}}}',
     5, NULL),
    ('*', 'core/hash', 'Hash / HMAC',
     'Hashes a text (SHA-256, SHA-512, SHA-1, MD5) or computes its HMAC with a key.', 'core', 'builtin',
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["data"],
       "properties": {"data": {"type": "string", "description": "Hashed as UTF-8."},
                      "algorithm": {"type": "string", "enum": ["sha256", "sha512", "sha1", "md5"], "default": "sha256"},
                      "hmacKey": {"type": "string", "minLength": 1, "description": "With a key, the HMAC of data is computed."},
                      "encoding": {"type": "string", "enum": ["hex", "base64"], "default": "hex"}},
       "additionalProperties": false}',
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["hash", "algorithm"],
       "properties": {"hash": {"type": "string"}, "algorithm": {"type": "string"}}}',
     5, NULL),
    ('*', 'email/send', 'Send email',
     'Sends a plain-text (and optionally HTML) email through an SMTP connection.', 'email', 'builtin',
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
       "required": ["connectionId", "to", "subject"],
       "properties": {"connectionId": {"type": "string", "minLength": 1},
                      "to": {"type": "array", "items": {"type": "string", "format": "email"}, "minItems": 1, "maxItems": 50},
                      "cc": {"type": "array", "items": {"type": "string", "format": "email"}, "maxItems": 50},
                      "subject": {"type": "string", "maxLength": 998},
                      "text": {"type": "string"}, "html": {"type": "string"}},
       "additionalProperties": false}',
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["messageId", "recipients"],
       "properties": {"messageId": {"type": "string"}, "recipients": {"type": "integer"}}}',
     60, 'smtp'),
    ('*', 'slack/send-message', 'Send Slack message',
     'Posts a message to the incoming-webhook URL of a slack-webhook connection.', 'slack', 'builtin',
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["connectionId", "text"],
       "properties": {"connectionId": {"type": "string", "minLength": 1},
                      "text": {"type": "string", "minLength": 1, "maxLength": 40000},
                      "blocks": {"type": "array"}},
       "additionalProperties": false}',
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["delivered", "status"],
       "properties": {"delivered": {"type": "boolean"}, "status": {"type": "integer"}}}',
     30, 'slack-webhook');
