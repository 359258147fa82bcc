/**
 * Ingestion of run events into per-(subscription, ordering key) FIFO queues, and the engine that
 * delivers each queue's head, signed, with retries, one at a time per key and concurrently across
 * keys. See docs/adr/0004-webhook-delivery-engine.md.
 */
package io.flowmesh.webhooks.delivery;
