package io.flowmesh.events.hook;

/**
 * How a run event-service started ended, as its end event told.
 *
 * @param runId the run
 * @param status {@code completed}, {@code failed}, {@code cancelled} or {@code refused}
 * @param data the end event's data ({@code outputs} of a completed run, {@code error} of a failed
 *     one), or null when it is not stored
 */
record RunOutcome(String runId, String status, Object data) {}
