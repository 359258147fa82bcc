/**
 * How Flowmesh services exchange Kafka messages. {@link io.flowmesh.messaging.CloudEventRecords} is
 * the one codec between events and Kafka records (the outbox relay writes with it, consumers read
 * with it); {@link io.flowmesh.messaging.UuidV7} makes the time-ordered ids events carry (and that
 * services give the rows they create); {@link
 * io.flowmesh.messaging.ListenerContainersAutoConfiguration} sets how every listener container
 * commits its offsets and which thread it polls on.
 */
package io.flowmesh.messaging;
