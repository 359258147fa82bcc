-- A child run started by a sub-workflow node: which parent node execution waits for it, how deep
-- in the tree it is (bounded, so a workflow that calls itself cannot recurse forever), and what a
-- failure of the child does to the parent. Written in the transaction that starts the child.
-- The child's row is inserted right after the link in the same transaction, so the foreign key
-- to it is checked at commit.
CREATE TABLE sub_runs (
    tenant               TEXT    NOT NULL,
    child_run_id         TEXT    NOT NULL,
    parent_run_id        TEXT    NOT NULL,
    parent_node_id       TEXT    NOT NULL,
    parent_execution_id  TEXT    NOT NULL,
    depth                INT     NOT NULL,
    on_child_failure     TEXT    NOT NULL,
    PRIMARY KEY (tenant, child_run_id),
    FOREIGN KEY (tenant, child_run_id) REFERENCES runs (tenant, id) DEFERRABLE INITIALLY DEFERRED,
    FOREIGN KEY (tenant, parent_run_id) REFERENCES runs (tenant, id)
);
CREATE INDEX sub_runs_by_parent ON sub_runs (tenant, parent_run_id);
