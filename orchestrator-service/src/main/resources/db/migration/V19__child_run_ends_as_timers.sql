-- A child run's end now reaches the sub-workflow node waiting for it as a CHILD_ENDED timer, due at
-- once and written in the transaction that ends the child (ADR 0017), no longer as a run event
-- read back from Kafka. Children that ended before this version while their parent's node still
-- waits get that timer here, so the upgrade strands no parent. The payload is what the timer's
-- firing reads: the child's status, its outputs when it completed, else its error.
INSERT INTO timers (tenant, run_id, node_id, execution_id, attempt, kind, due_at, payload)
SELECT s.tenant, s.parent_run_id, s.parent_node_id, s.parent_execution_id, 1, 'CHILD_ENDED', now(),
       jsonb_build_object(
           'tenant', s.tenant,
           'runId', s.child_run_id,
           'status', c.status,
           'outputs', CASE WHEN c.status = 'COMPLETED' THEN c.outputs END,
           'error', CASE WHEN c.status <> 'COMPLETED' THEN jsonb_build_object(
               'code', COALESCE(c.error ->> 'code', c.status),
               'message', COALESCE(c.error ->> 'message', lower(c.status)),
               'retryable', false) END)
FROM sub_runs s
JOIN runs c ON c.tenant = s.tenant AND c.id = s.child_run_id
JOIN runs p ON p.tenant = s.tenant AND p.id = s.parent_run_id
JOIN node_executions e ON e.tenant = s.tenant AND e.execution_id = s.parent_execution_id
WHERE c.status IN ('COMPLETED', 'FAILED', 'CANCELLED')
  AND p.status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED')
  AND e.status = 'RUNNING';
