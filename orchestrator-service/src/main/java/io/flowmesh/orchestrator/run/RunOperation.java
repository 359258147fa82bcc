package io.flowmesh.orchestrator.run;

import static io.flowmesh.orchestrator.run.RunStatus.CANCELLED;
import static io.flowmesh.orchestrator.run.RunStatus.COMPLETED;
import static io.flowmesh.orchestrator.run.RunStatus.FAILED;
import static io.flowmesh.orchestrator.run.RunStatus.PAUSED;
import static io.flowmesh.orchestrator.run.RunStatus.PENDING;
import static io.flowmesh.orchestrator.run.RunStatus.RUNNING;
import static io.flowmesh.orchestrator.run.RunStatus.WAITING;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What can be done to a run, and the run's status machine: the one table of which states allow each
 * operation and, where that is fixed, which state the operation leads to. Every check of a run's
 * state asks {@link RunStatus#allows(RunOperation)}; the callers word the 409 detail (docs/runs.md,
 * "What each operation allows").
 */
public enum RunOperation {
  /** {@code POST /runs/{id}/cancel}, and a parent's cancel reaching its children. */
  CANCEL(EnumSet.of(PENDING, RUNNING, WAITING, PAUSED), CANCELLED),
  /** {@code POST /runs/{id}/pause}. */
  PAUSE(EnumSet.of(PENDING, RUNNING, WAITING), PAUSED),
  /** {@code POST /runs/{id}/resume}: then RUNNING or WAITING as the open nodes say. */
  RESUME(EnumSet.of(PAUSED), null),
  /** {@code POST /runs/{id}/retry}: then RUNNING or WAITING as the open nodes say. */
  RETRY(EnumSet.of(FAILED), null),
  /** {@code POST /runs/{id}/events}; a paused run records the gate and holds what follows. */
  DELIVER_EVENT(EnumSet.of(PENDING, RUNNING, WAITING, PAUSED), null),
  /** {@code POST /runs/{id}/tasks/{taskId}/complete}; a paused run holds what follows. */
  COMPLETE_TASK(EnumSet.of(PENDING, RUNNING, WAITING, PAUSED), null),
  /**
   * A node's result arriving: a function's, a for-each item's, a child run's end, or a held one
   * replayed on resume. A paused run records it and holds what follows; a finished run ignores it.
   */
  RECORD_RESULT(EnumSet.of(PENDING, RUNNING, WAITING, PAUSED), null),
  /** A due timer (timer node, retry backoff, timeout); a paused run's timers wait for resume. */
  FIRE_TIMER(EnumSet.of(PENDING, RUNNING, WAITING), null),
  /** {@code DELETE /runs/{id}}: the run and its history are gone. */
  PURGE(EnumSet.of(COMPLETED, FAILED, CANCELLED), null);

  private final Set<RunStatus> allowedIn;
  private final RunStatus leadsTo;

  RunOperation(EnumSet<RunStatus> allowedIn, RunStatus leadsTo) {
    this.allowedIn = Collections.unmodifiableSet(allowedIn);
    this.leadsTo = leadsTo;
  }

  /** The states in which the operation applies, in declaration order. */
  public Set<RunStatus> allowedIn() {
    return allowedIn;
  }

  /** The state the operation always leads to, if it is fixed. */
  public Optional<RunStatus> leadsTo() {
    return Optional.ofNullable(leadsTo);
  }
}
