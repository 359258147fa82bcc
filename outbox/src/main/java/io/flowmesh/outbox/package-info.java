/**
 * The transactional outbox. {@link io.flowmesh.outbox.Outbox#append} writes a message in the
 * caller's transaction; after commit the relay publishes it to Kafka as a CloudEvent and deletes it
 * once the broker acknowledged ({@link io.flowmesh.messaging.CloudEventRecords} is the codec, on
 * the consuming side too). Rows enter the table only through {@code Outbox}: the relay reads from a
 * floor ({@code RelayFloor}) that relies on how {@code Outbox} inserts.
 */
package io.flowmesh.outbox;
