/**
 * event-service: the catalogue of event types ({@code eventtype}); ingestion, triggers and the
 * event store follow in later features.
 */
package io.flowmesh.events;
