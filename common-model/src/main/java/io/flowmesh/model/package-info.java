/**
 * Flowmesh wire contracts: the CloudEvents attributes every Kafka record carries, topic names,
 * event types, the JSON payload records exchanged between services and the answers of their
 * internal HTTP calls, and the {@link io.flowmesh.model.TenantId} every service passes around.
 * Plain Java only: no Spring, no Jackson annotations, no logic (a record that holds secrets only
 * overrides {@code toString()} to leave them out; an id only refuses a blank value).
 */
package io.flowmesh.model;
