package io.flowmesh.functions.worker;

/** No task of that id for the caller's tenant (another tenant's task is not found either). */
public class TaskNotFoundException extends RuntimeException {

  TaskNotFoundException(String taskId) {
    super("No worker task '" + taskId + "'.");
  }
}
