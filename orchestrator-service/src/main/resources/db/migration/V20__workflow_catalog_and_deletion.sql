-- What a saved document says about its workflow for listing: metadata.description (else the
-- top-level description) and the strings of metadata.tags, in order. Used by the backfill below and
-- by every save, so rows written before and after this version agree.
CREATE FUNCTION workflow_description(document JSONB) RETURNS TEXT
    LANGUAGE SQL IMMUTABLE AS $$
    SELECT CASE
        WHEN jsonb_typeof(document #> '{metadata,description}') = 'string'
            THEN document #>> '{metadata,description}'
        WHEN jsonb_typeof(document -> 'description') = 'string'
            THEN document ->> 'description'
    END
$$;

CREATE FUNCTION workflow_tags(document JSONB) RETURNS TEXT[]
    LANGUAGE SQL IMMUTABLE AS $$
    SELECT coalesce(array_agg(tag #>> '{}' ORDER BY n), '{}')
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(document #> '{metadata,tags}') = 'array'
                                   THEN document #> '{metadata,tags}' ELSE '[]' END)
         WITH ORDINALITY AS t(tag, n)
    WHERE jsonb_typeof(tag) = 'string'
$$;

-- One row per workflow of a tenant, written in the transaction that saves a version: the latest
-- version's name, description and tags, and when the first and the latest version were saved.
-- GET /workflow-definitions pages through it by primary key instead of reading every version's
-- document. Deleting a workflow locks this row, and a save whose sub-workflow node names the
-- workflow locks it FOR KEY SHARE, so neither can miss the other (ADR 0020).
CREATE TABLE workflows (
    tenant          TEXT        NOT NULL,
    workflow_id     TEXT        NOT NULL,
    name            TEXT        NOT NULL,
    description     TEXT,
    tags            TEXT[]      NOT NULL DEFAULT '{}',
    latest_version  INT         NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, workflow_id)
);

INSERT INTO workflows (tenant, workflow_id, name, description, tags, latest_version, created_at,
                       updated_at)
SELECT DISTINCT ON (tenant, workflow_id)
       tenant, workflow_id, name, workflow_description(document), workflow_tags(document), version,
       min(created_at) OVER (PARTITION BY tenant, workflow_id), created_at
FROM workflow_definitions
ORDER BY tenant, workflow_id, version DESC;

-- The last version number of a deleted workflow. A workflow saved again under the same id continues
-- after it, so a (workflow, version) never names two documents: replicas cache parsed versions by
-- that pair, and run events carry it.
CREATE TABLE deleted_workflows (
    tenant        TEXT        NOT NULL,
    workflow_id   TEXT        NOT NULL,
    last_version  INT         NOT NULL,
    deleted_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, workflow_id)
);
