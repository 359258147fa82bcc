package io.flowmesh.events.store;

/**
 * What became of one event handed to the store.
 *
 * @param id the stored id ({@code evt_...}); for a duplicate, the id of the event stored first
 * @param source the CloudEvent's source
 * @param eventId the CloudEvent's id
 * @param duplicate true if an event with this source and id was stored before, so this one was not
 */
public record AcceptedEvent(String id, String source, String eventId, boolean duplicate) {}
