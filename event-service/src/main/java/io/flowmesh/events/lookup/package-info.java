/**
 * Reading the event store through the API: {@code GET /api/v1/events} (filters, cursor) and {@code
 * GET /api/v1/events/{id}} with what the event's triggers made of it.
 */
package io.flowmesh.events.lookup;
