-- The queue tables churn: every delivery is inserted, leased, and ended (two or three row
-- versions), and the claim's plans depend on fresh statistics about how many rows are PENDING.
-- Analyze and vacuum after a few percent of change instead of PostgreSQL's default 10-20 %.
ALTER TABLE deliveries SET (
    autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_scale_factor = 0.05);
ALTER TABLE delivery_queues SET (
    autovacuum_analyze_scale_factor = 0.05,
    autovacuum_vacuum_scale_factor = 0.05);
