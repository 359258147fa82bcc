/**
 * Payloads of events about the event store, published to {@link
 * io.flowmesh.model.Topics#ACCEPTED_EVENTS}.
 */
package io.flowmesh.model.event;
