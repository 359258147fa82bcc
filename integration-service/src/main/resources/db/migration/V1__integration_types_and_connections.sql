-- Integration types and connections of integration-service (schema "integrations").
--
-- Tenancy: every row has a tenant. The tenant '*' means "defined by the platform, visible to every
-- tenant"; the integration types below are registered that way. '*' can never be a real tenant
-- (the gateway only passes ids that start with a letter or digit).
--
-- A type describes its connection settings with two JSON Schemas: settings_schema for the values
-- stored in plain JSON (and shown by the API), secret_schema for the values that are encrypted at
-- rest and never shown. Keeping them apart is what lets connections.settings be free of secrets.

CREATE TABLE integration_types (
    tenant          TEXT        NOT NULL,
    type            TEXT        NOT NULL,
    display_name    TEXT        NOT NULL,
    description     TEXT        NOT NULL,
    settings_schema JSONB       NOT NULL,
    secret_schema   JSONB       NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, type),
    CONSTRAINT integration_types_type_format CHECK (type ~ '^[a-z0-9][a-z0-9-]*$')
);

-- A configured connection to an external system. encrypted_secret holds the secret values
-- (secret_schema of its type) encrypted with the key named by key_id, so keys can be rotated.
CREATE TABLE connections (
    tenant           TEXT        NOT NULL,
    id               TEXT        NOT NULL,
    type             TEXT        NOT NULL,
    name             TEXT        NOT NULL,
    settings         JSONB       NOT NULL DEFAULT '{}',
    encrypted_secret BYTEA,
    key_id           TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, id),
    CONSTRAINT connections_name_unique UNIQUE (tenant, name),
    CONSTRAINT connections_secret_has_key CHECK ((encrypted_secret IS NULL) = (key_id IS NULL))
);

CREATE INDEX connections_by_type ON connections (tenant, type);

INSERT INTO integration_types (tenant, type, display_name, description, settings_schema, secret_schema) VALUES
('*', 'http-bearer', 'HTTP with bearer token',
 'Calls an HTTP API with "Authorization: Bearer <token>".', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["baseUrl"],
  "additionalProperties": false,
  "properties": {
    "baseUrl": {"type": "string", "format": "uri", "pattern": "^https?://", "description": "Base URL requests are resolved against."}
  }
}', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["token"],
  "additionalProperties": false,
  "properties": {
    "token": {"type": "string", "minLength": 1, "description": "The bearer token."}
  }
}'),
('*', 'http-basic', 'HTTP with basic authentication',
 'Calls an HTTP API with RFC 7617 basic authentication.', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["baseUrl", "username"],
  "additionalProperties": false,
  "properties": {
    "baseUrl": {"type": "string", "format": "uri", "pattern": "^https?://", "description": "Base URL requests are resolved against."},
    "username": {"type": "string", "minLength": 1, "pattern": "^[^:]*$", "description": "User name; may not contain a colon (RFC 7617)."}
  }
}', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["password"],
  "additionalProperties": false,
  "properties": {
    "password": {"type": "string", "description": "The password."}
  }
}'),
('*', 'api-key-header', 'HTTP with API key header',
 'Calls an HTTP API with an API key in a request header.', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["baseUrl"],
  "additionalProperties": false,
  "properties": {
    "baseUrl": {"type": "string", "format": "uri", "pattern": "^https?://", "description": "Base URL requests are resolved against."},
    "headerName": {"type": "string", "pattern": "^[!#$%&''*+.^_`|~0-9A-Za-z-]+$", "default": "X-API-Key", "description": "The header that carries the key (an RFC 9110 token)."},
    "prefix": {"type": "string", "default": "", "description": "Text put before the key in the header value, e.g. \"ApiKey \"."}
  }
}', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["apiKey"],
  "additionalProperties": false,
  "properties": {
    "apiKey": {"type": "string", "minLength": 1, "description": "The API key."}
  }
}'),
('*', 'oauth2-client-credentials', 'OAuth 2.0 client credentials',
 'Obtains access tokens with the OAuth 2.0 client credentials grant (RFC 6749, section 4.4) and calls an HTTP API with them.', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["tokenUrl", "clientId"],
  "additionalProperties": false,
  "properties": {
    "tokenUrl": {"type": "string", "format": "uri", "pattern": "^https?://", "description": "The authorization server''s token endpoint."},
    "clientId": {"type": "string", "minLength": 1},
    "scopes": {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": true, "default": []},
    "audience": {"type": "string", "description": "Audience parameter, for servers that require one."},
    "clientAuthentication": {"enum": ["client_secret_basic", "client_secret_post"], "default": "client_secret_basic", "description": "How the client authenticates at the token endpoint."},
    "baseUrl": {"type": "string", "format": "uri", "pattern": "^https?://", "description": "Base URL of the API the tokens are for."}
  }
}', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["clientSecret"],
  "additionalProperties": false,
  "properties": {
    "clientSecret": {"type": "string", "minLength": 1}
  }
}'),
('*', 'smtp', 'SMTP mail server',
 'Sends e-mail through an SMTP server.', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["host", "port", "security", "fromAddress"],
  "additionalProperties": false,
  "properties": {
    "host": {"type": "string", "minLength": 1, "format": "hostname"},
    "port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 587},
    "security": {"enum": ["none", "starttls", "tls"], "default": "starttls", "description": "none: plain SMTP; starttls: upgrade with STARTTLS; tls: implicit TLS (SMTPS)."},
    "username": {"type": "string", "description": "Omit when the server needs no authentication."},
    "fromAddress": {"type": "string", "format": "email"},
    "fromName": {"type": "string"}
  }
}', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "password": {"type": "string", "description": "Required when a username is set."}
  }
}'),
('*', 'slack-webhook', 'Slack incoming webhook',
 'Posts messages to a Slack channel through an incoming webhook.', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "channelName": {"type": "string", "description": "The channel the webhook posts to, for display only: Slack fixes it when the webhook is created."}
  }
}', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["webhookUrl"],
  "additionalProperties": false,
  "properties": {
    "webhookUrl": {"type": "string", "format": "uri", "pattern": "^https://hooks\\.slack\\.com/", "description": "The webhook URL; it is itself the credential, so it is kept secret."}
  }
}');
