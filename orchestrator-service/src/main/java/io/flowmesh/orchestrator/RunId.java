package io.flowmesh.orchestrator;

import java.util.Objects;

/**
 * The id of a run ({@code run_...}). Passed as this type rather than a {@code String} so that it
 * cannot be swapped with a tenant or workflow id in a parameter list; in SQL, JSON and URLs it is
 * its {@link #value()}.
 */
public record RunId(String value) {

  public RunId {
    Objects.requireNonNull(value, "runId");
  }

  public static RunId of(String value) {
    return new RunId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
