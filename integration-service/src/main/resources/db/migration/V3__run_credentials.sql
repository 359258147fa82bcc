-- Per-run credentials (ADR 0023): the "integrations" a run was started with, one row per
-- (tenant, run, integration name), for that run's functions only. Sealed like connection secrets
-- (SecretCipher, ADR 0010): encrypted_secret is the envelope of the entry's JSON object, key_id the
-- master key that wraps its data key; the associated data binds it to tenant, run and name.
--
-- expires_at bounds how long a set outlives its run's need: the orchestrator deletes a set when it
-- purges the run, and the sweep deletes whatever has expired, such as the set of a start that failed
-- after the store and whose clean-up did not reach this service.
CREATE TABLE run_credentials (
    tenant           TEXT        NOT NULL,
    run_id           TEXT        NOT NULL,
    integration      TEXT        NOT NULL,
    encrypted_secret BYTEA       NOT NULL,
    key_id           TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, run_id, integration),
    CONSTRAINT run_credentials_integration_format CHECK (integration ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$')
);

-- The sweep deletes by expiry; re-encryption finds rows still under an old master key.
CREATE INDEX run_credentials_expiry ON run_credentials (expires_at);
CREATE INDEX run_credentials_by_key_id ON run_credentials (key_id);
