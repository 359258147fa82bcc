-- Function registry and execution records of function-runner-service (schema "functions").
--
-- Tenancy: every row has a tenant. The tenant '*' means "provided by the platform, visible to every
-- tenant"; the builtins below are registered that way. '*' can never be a real tenant (the gateway
-- only passes ids that start with a letter or digit), so no request can write as '*'. Lookups
-- read the caller's rows and the '*' rows; a tenant's own function shadows a '*' one of the same slug.

CREATE TABLE functions (
    tenant                  TEXT        NOT NULL,
    slug                    TEXT        NOT NULL,   -- "<namespace>/<name>", e.g. "core/echo"
    name                    TEXT        NOT NULL,
    description             TEXT,
    plugin_id               TEXT        NOT NULL,   -- e.g. "core", "openai"
    version                 TEXT        NOT NULL DEFAULT '1.0.0',
    execution_type          TEXT        NOT NULL DEFAULT 'builtin',

    -- container (OCI) functions
    image                   TEXT,
    command                 TEXT,
    env                     JSONB,

    -- HTTP functions
    webhook_url             TEXT,
    webhook_method          TEXT        NOT NULL DEFAULT 'POST',
    webhook_headers         JSONB,
    webhook_timeout_seconds INTEGER     NOT NULL DEFAULT 30,

    input_schema            JSONB,
    output_schema           JSONB,

    timeout_seconds         INTEGER     NOT NULL DEFAULT 300,
    retry_policy            JSONB,
    max_concurrency         INTEGER     NOT NULL DEFAULT 0,  -- 0 = unlimited
    integration_type        TEXT,                            -- connection type for credentials

    is_enabled              BOOLEAN     NOT NULL DEFAULT true,
    is_deprecated           BOOLEAN     NOT NULL DEFAULT false,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at              TIMESTAMPTZ NOT NULL DEFAULT now(),

    PRIMARY KEY (tenant, slug),
    CONSTRAINT functions_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$'),
    CONSTRAINT functions_execution_type CHECK (execution_type IN ('builtin', 'http', 'oci')),
    CONSTRAINT functions_http_has_url CHECK (execution_type <> 'http' OR webhook_url IS NOT NULL),
    CONSTRAINT functions_oci_has_image CHECK (execution_type <> 'oci' OR image IS NOT NULL),
    CONSTRAINT functions_positive_timeouts CHECK (timeout_seconds > 0 AND webhook_timeout_seconds > 0),
    CONSTRAINT functions_max_concurrency CHECK (max_concurrency >= 0)
);

INSERT INTO functions (tenant, slug, name, description, plugin_id, execution_type,
                       input_schema, output_schema, timeout_seconds)
VALUES
    ('*', 'core/echo', 'Echo', 'Returns its input unchanged as its output.', 'core', 'builtin',
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "description": "Any JSON value."}',
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "description": "The input, unchanged."}',
     5),
    ('*', 'core/noop', 'No-op', 'Does nothing and returns an empty object.', 'core', 'builtin',
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "description": "Ignored."}',
     '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "maxProperties": 0}',
     5);

-- One row per execution (= per node attempt). The primary key makes execution idempotent: a
-- redelivered request finds its row and is not executed or answered again.
CREATE TABLE executions (
    tenant       TEXT        NOT NULL,
    execution_id TEXT        NOT NULL,
    run_id       TEXT        NOT NULL,
    node_id      TEXT,
    attempt      INTEGER     NOT NULL,
    function     TEXT,                   -- slug as requested; may name no registered function
    status       TEXT        NOT NULL,
    output       JSONB,
    error        JSONB,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    PRIMARY KEY (tenant, execution_id),
    CONSTRAINT executions_status CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED'))
);

CREATE INDEX executions_run ON executions (tenant, run_id);
