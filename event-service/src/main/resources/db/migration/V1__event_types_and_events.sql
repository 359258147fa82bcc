-- Event types and the event store of event-service (schema "events").
--
-- Tenancy: every row has a tenant. The tenant '*' means "defined by the platform, visible to every
-- tenant"; the run lifecycle types below are registered that way. '*' can never be a real tenant
-- (the gateway only passes ids that start with a letter or digit). Reads see the caller's rows and
-- the '*' rows; a tenant's own type shadows a '*' one of the same name.

CREATE TABLE event_types (
    tenant      TEXT        NOT NULL,
    type        TEXT        NOT NULL,   -- CloudEvents type, e.g. io.flowmesh.run.completed.v1
    description TEXT        NOT NULL,
    schema      JSONB       NOT NULL,   -- JSON Schema (2020-12) of the event's data
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, type),
    CONSTRAINT event_types_type_format CHECK (type ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$')
);

-- The event store, for audit and replay (filled by later features). CloudEvents identify an event
-- by source and id, so a redelivered event is stored once.
CREATE TABLE events (
    tenant      TEXT        NOT NULL,
    id          TEXT        NOT NULL,
    type        TEXT        NOT NULL,
    source      TEXT        NOT NULL,
    subject     TEXT,
    time        TIMESTAMPTZ NOT NULL,
    data        JSONB,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, source, id)
);

CREATE INDEX events_by_type_and_time ON events (tenant, type, time);
CREATE INDEX events_by_subject ON events (tenant, subject, time) WHERE subject IS NOT NULL;

-- The platform's run lifecycle types (io.flowmesh.model.EventTypes); the schemas describe the
-- payload records of io.flowmesh.model.run.
INSERT INTO event_types (tenant, type, description, schema) VALUES
('*', 'io.flowmesh.run.started.v1', 'A run was accepted and its trigger recorded.', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "RunStarted",
  "type": "object",
  "required": ["runId", "workflowId", "workflowVersion", "startedAt"],
  "properties": {
    "runId": {"type": "string"},
    "workflowId": {"type": "string"},
    "workflowVersion": {"type": "integer", "minimum": 1},
    "trigger": {"description": "The trigger data the run started with (any JSON value)."},
    "startedAt": {"type": "string", "format": "date-time"}
  }
}'),
('*', 'io.flowmesh.run.completed.v1', 'A run reached its end.', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "RunCompleted",
  "type": "object",
  "required": ["runId", "workflowId", "workflowVersion", "outputs", "completedAt"],
  "properties": {
    "runId": {"type": "string"},
    "workflowId": {"type": "string"},
    "workflowVersion": {"type": "integer", "minimum": 1},
    "outputs": {
      "type": "object",
      "description": "The trigger data under \"trigger\" and each node''s output by node id."
    },
    "completedAt": {"type": "string", "format": "date-time"}
  }
}'),
('*', 'io.flowmesh.run.failed.v1', 'A run failed.', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "RunFailed",
  "type": "object",
  "required": ["runId", "workflowId", "workflowVersion", "error", "failedAt"],
  "properties": {
    "runId": {"type": "string"},
    "workflowId": {"type": "string"},
    "workflowVersion": {"type": "integer", "minimum": 1},
    "nodeId": {"type": ["string", "null"], "description": "The node whose failure failed the run."},
    "error": {"$ref": "#/$defs/executionError"},
    "failedAt": {"type": "string", "format": "date-time"}
  },
  "$defs": {
    "executionError": {
      "type": "object",
      "required": ["code", "message", "retryable"],
      "properties": {
        "code": {"type": "string", "description": "Stable machine-readable code, e.g. FUNCTION_NOT_FOUND."},
        "message": {"type": "string"},
        "retryable": {"type": "boolean"}
      }
    }
  }
}'),
('*', 'io.flowmesh.run.node.started.v1', 'A node attempt started.', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "NodeStarted",
  "type": "object",
  "required": ["runId", "nodeId", "nodeType", "attempt", "startedAt"],
  "properties": {
    "runId": {"type": "string"},
    "nodeId": {"type": "string"},
    "nodeType": {"type": "string", "description": "The node''s kind, e.g. action."},
    "attempt": {"type": "integer", "minimum": 1},
    "input": {"description": "The node''s resolved input (any JSON value)."},
    "startedAt": {"type": "string", "format": "date-time"}
  }
}'),
('*', 'io.flowmesh.run.node.completed.v1', 'A node attempt completed.', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "NodeCompleted",
  "type": "object",
  "required": ["runId", "nodeId", "attempt", "completedAt"],
  "properties": {
    "runId": {"type": "string"},
    "nodeId": {"type": "string"},
    "attempt": {"type": "integer", "minimum": 1},
    "output": {"description": "The node''s output (any JSON value)."},
    "completedAt": {"type": "string", "format": "date-time"}
  }
}'),
('*', 'io.flowmesh.run.node.failed.v1', 'A node attempt failed.', '{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "NodeFailed",
  "type": "object",
  "required": ["runId", "nodeId", "attempt", "error", "failedAt"],
  "properties": {
    "runId": {"type": "string"},
    "nodeId": {"type": "string"},
    "attempt": {"type": "integer", "minimum": 1},
    "error": {"$ref": "#/$defs/executionError"},
    "failedAt": {"type": "string", "format": "date-time"}
  },
  "$defs": {
    "executionError": {
      "type": "object",
      "required": ["code", "message", "retryable"],
      "properties": {
        "code": {"type": "string", "description": "Stable machine-readable code, e.g. FUNCTION_NOT_FOUND."},
        "message": {"type": "string"},
        "retryable": {"type": "boolean"}
      }
    }
  }
}');
