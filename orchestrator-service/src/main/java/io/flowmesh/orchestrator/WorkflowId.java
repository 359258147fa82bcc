package io.flowmesh.orchestrator;

import java.util.Objects;

/**
 * The id of a workflow, under which its definition versions are saved and its runs are started.
 * Passed as this type rather than a {@code String} so that it cannot be swapped with a tenant or
 * run id in a parameter list; in SQL, JSON and URLs it is its {@link #value()}.
 */
public record WorkflowId(String value) {

  public WorkflowId {
    Objects.requireNonNull(value, "workflowId");
  }

  public static WorkflowId of(String value) {
    return new WorkflowId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
