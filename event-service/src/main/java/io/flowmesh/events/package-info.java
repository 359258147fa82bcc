/**
 * event-service: events in over HTTP ({@code ingest}), the event store with its partitions and
 * retention ({@code store}), and the catalogue of event types with their schemas ({@code
 * eventtype}). Dependencies point one way: ingest uses store and eventtype, which use nothing of
 * each other.
 */
package io.flowmesh.events;
