/**
 * The runs event-service asked for, from triggers and schedules, and whether they have ended: what
 * concurrency limits count, what overlap policies look at, and how deep a run is in a chain of runs
 * that started each other.
 */
package io.flowmesh.events.runs;
