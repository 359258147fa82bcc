-- Every step of every run inserts and updates node_executions rows and updates its runs row
-- (ADR 0014). What each of those writes paid for and did not need:
--
-- The foreign key to runs: a referential check per inserted attempt, which also locks the run's
-- row again (FOR KEY SHARE) although the writer already holds it. Attempts are written only in
-- the transaction that holds the run's row lock, and a run's attempts are purged before the run,
-- so the key cannot be left dangling; the index that makes it cheap to find a run's attempts stays.
ALTER TABLE node_executions DROP CONSTRAINT node_executions_tenant_run_id_fkey;

-- The history index: a run's history is all its attempts, found by the (tenant, run_id, node_id,
-- attempt) unique index and ordered by seq in memory (a run has tens of attempts, not millions).
DROP INDEX node_executions_history;

-- Room on each page for the new version of a row, so that updating an attempt's status and
-- output, or a run's outputs while it runs, can stay on the page without new index entries.
ALTER TABLE node_executions SET (fillfactor = 85);
ALTER TABLE runs SET (fillfactor = 85);
