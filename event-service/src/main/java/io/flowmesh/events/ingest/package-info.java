/**
 * {@code POST /api/v1/events}: CloudEvents in the HTTP binding's three modes, read with the
 * CloudEvents SDK, checked (attributes, sizes, data against the type's schema) and stored.
 */
package io.flowmesh.events.ingest;
