/**
 * The event store: every accepted event in PostgreSQL, once per (tenant, source, id), in daily
 * partitions dropped after the retention, and its read API ({@code GET /api/v1/events}).
 */
package io.flowmesh.events.store;
