package io.flowmesh.orchestrator.engine;

/** Why a durable timer exists; what happens when it fires depends on it. */
public enum TimerKind {
  /** A timer node's wait is over: the node completes. */
  TIMER,
  /** A retry backoff is over: the scheduled attempt starts. */
  RETRY,
  /** An action or approval gate did not finish in time: it fails, or takes its timeout branch. */
  TIMEOUT,
  /**
   * A child run of a sub-workflow node ended: the node completes, or fails by its {@code
   * onChildFailure} policy. Written in the child's ending transaction, due at once.
   */
  CHILD_ENDED,
  /**
   * An accepted event matched the attempt's open wait (an approval gate or a wait-for-event node):
   * the node completes with it. Written by the correlation, due at once; the payload is the event.
   */
  EVENT_CORRELATED
}
