-- The trace context of the event a delivery carries, so that each attempt's span joins the run's
-- trace (docs/operations.md, "Tracing"). Nullable: deliveries queued before this column have none.
ALTER TABLE deliveries ADD COLUMN traceparent text;
