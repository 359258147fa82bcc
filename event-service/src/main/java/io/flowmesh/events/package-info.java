/**
 * event-service: events in over HTTP ({@code ingest}), the event store with its partitions and
 * retention ({@code store}), triggers that start runs from events ({@code trigger}), inbound
 * webhooks verified per hook ({@code hook}), and the catalogue of event types with their schemas
 * ({@code eventtype}). Dependencies point one way: hook uses ingest and store; ingest uses store,
 * trigger and eventtype; store reads trigger's evaluations; trigger and eventtype use no other
 * package.
 */
package io.flowmesh.events;
