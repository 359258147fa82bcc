-- Issue 5 performance: fewer index entries per row version of deliveries. Every delivery is
-- written three times (inserted, leased, ended) and none of these updates can be HOT (each changes
-- next_attempt_at or status, which indexes or index predicates use), so every version enters every
-- index whose predicate it matches: 18 index entries per delivery with V1-V3's indexes, 13 after
-- this. See docs/adr/0004-webhook-delivery-engine.md ("Indexes").

-- One index for the head lookup and the seq's uniqueness. What order needs is that no two PENDING
-- deliveries of a key share a seq (both would be heads); seqs are drawn under the queue row's lock
-- and never reused, and an unblocked dead head keeps its seq, so uniqueness among PENDING rows is
-- the whole guarantee. Delivered and dead rows no longer enter a seq index at all.
CREATE UNIQUE INDEX deliveries_pending_seq ON deliveries (subscription_id, ordering_key, seq)
    WHERE status = 'PENDING';
DROP INDEX deliveries_queue_pending;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_seq_once;

-- Recovery ("everything since a time") reads original deliveries that are no longer pending by
-- created_at; nothing else used (tenant, subscription_id, created_at), which deliveries_ops'
-- (tenant, subscription_id, ...) prefix also serves. Only ended originals enter it now.
CREATE INDEX deliveries_recoverable ON deliveries (tenant, subscription_id, created_at)
    WHERE status IN ('DELIVERED', 'DEAD') AND replay_of IS NULL;
DROP INDEX deliveries_tenant_subscription;
