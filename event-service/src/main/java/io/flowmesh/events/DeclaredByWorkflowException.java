package io.flowmesh.events;

/**
 * A change through the API to a trigger or schedule a workflow declares in its trigger node: a 409.
 * It changes with the workflow: save a new version of it.
 */
public class DeclaredByWorkflowException extends RuntimeException {

  public DeclaredByWorkflowException(String kind, String id, String workflowId, int version) {
    super(
        "The "
            + kind
            + " '"
            + id
            + "' is declared by the trigger node of workflow '"
            + workflowId
            + "' (version "
            + version
            + "); change it by saving a new version of the workflow.");
  }
}
