/**
 * The transactional outbox. {@link io.flowmesh.outbox.Outbox#append} writes a message in the
 * caller's transaction; after commit the relay publishes it to Kafka as a CloudEvent and deletes it
 * once the broker acknowledged. {@link io.flowmesh.outbox.CloudEventRecords} reads such records
 * back on the consuming side.
 */
package io.flowmesh.outbox;
