package io.flowmesh.outbox;

import io.flowmesh.messaging.OutboundEvent;

/** A committed outbox row as the relay reads it: its id and the event it holds. */
record OutboxRow(long id, OutboundEvent event) {}
