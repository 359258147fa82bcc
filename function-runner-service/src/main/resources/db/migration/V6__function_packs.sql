-- Functions declared by function packs (ADR 0042): platform functions (tenant '*') that
-- function-runner writes at start from the packs it loads, executed by its pack executor.
ALTER TABLE functions DROP CONSTRAINT functions_execution_type;
ALTER TABLE functions ADD CONSTRAINT functions_execution_type
    CHECK (execution_type IN ('builtin', 'http', 'oci', 'pack'));
