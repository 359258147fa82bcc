/**
 * Event correlation (ADR 0036): accepted events of event-service resume the approval gates and
 * wait-for-event nodes of the same tenant that wait for their type and whose correlation matches.
 * Open waits are recorded by the run package in the transaction that starts the node; arriving
 * events are matched against them and kept for a window for waits recorded shortly after. A match
 * becomes a durable timer of kind {@code EVENT_CORRELATED}, which the run package applies through
 * its transition pipeline, so this package never locks a run.
 */
package io.flowmesh.orchestrator.correlation;
