/**
 * Credentials for one run (the Workflow Builder's {@code integrations}): stored in
 * integration-service before the run starts, deleted when the run is purged, and never written to
 * the orchestrator's tables, events or logs; only the fact that a run has a set is kept here (ADR
 * 0023).
 */
package io.flowmesh.orchestrator.run.credentials;
