package io.flowmesh.client;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** A run's state (docs/runs.md has what each allows). */
public enum RunStatus {
  PENDING,
  RUNNING,
  WAITING,
  PAUSED,
  COMPLETED,
  FAILED,
  CANCELLED,
  /** A state this client does not know yet (a newer server). */
  @JsonEnumDefaultValue
  UNKNOWN;

  /** True for the end states: COMPLETED, FAILED, CANCELLED. FAILED may still be retried. */
  public boolean ended() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
