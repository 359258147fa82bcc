package io.flowmesh.events.runs;

import io.flowmesh.model.TenantId;

/**
 * A run event-service started has ended (or was refused), published in the transaction that noted
 * it, for whatever waits on its end: a schedule's buffered times, for one.
 *
 * @param tenant its tenant
 * @param run the run as it was started
 * @param status {@code completed}, {@code failed}, {@code cancelled} or {@code refused}
 */
public record RunEnded(TenantId tenant, StartedRun run, String status) {}
