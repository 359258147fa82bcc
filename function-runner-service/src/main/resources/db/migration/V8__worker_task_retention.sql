-- What the purge of finished worker tasks reads (docs/workers.md, "Retention"): the result of a
-- finished task is in "executions" and on Kafka; its row only answers a repeated completion.
CREATE INDEX worker_tasks_finished ON worker_tasks (finished_at)
    WHERE status IN ('SUCCEEDED', 'FAILED', 'EXPIRED');
