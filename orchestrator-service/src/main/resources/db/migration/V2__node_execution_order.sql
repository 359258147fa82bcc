-- Node attempts started in one transaction share started_at, and execution ids are random within
-- a millisecond; the history needs the order the interpreter started them in, which is insertion
-- order. An identity column records it at no extra cost per step.
ALTER TABLE node_executions ADD COLUMN seq BIGINT GENERATED ALWAYS AS IDENTITY;

CREATE INDEX node_executions_history ON node_executions (tenant, run_id, seq);
