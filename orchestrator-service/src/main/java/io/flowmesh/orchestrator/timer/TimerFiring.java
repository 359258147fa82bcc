package io.flowmesh.orchestrator.timer;

import io.flowmesh.orchestrator.engine.TimerKind;
import java.time.Instant;
import java.util.List;

/**
 * What firing due timers does to their runs, which the run package implements: the poller here only
 * decides when to look, so this package need not know about runs.
 */
public interface TimerFiring {

  /** What became of one claimed timer, which was due at {@code dueAt}. */
  record Firing(TimerKind kind, Instant dueAt, boolean applied) {}

  /** Fires up to {@code limit} due timers in one transaction. */
  List<Firing> fireDue(int limit);
}
