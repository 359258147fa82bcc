-- The runs started with per-run credentials (ADR 0023). The credentials themselves live in
-- integration-service, encrypted; this row only says that the run has a set there, written in the
-- transaction that inserts the run. A purge deletes it with the run and asks integration-service to
-- delete the set, so only runs that have one depend on integration-service to be purged.
CREATE TABLE run_credential_sets (
    tenant     TEXT        NOT NULL,
    run_id     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, run_id)
);
