package io.flowmesh.functions.worker;

/** A worker answered a task under a lease that is not, or no longer, the task's. */
public class StaleLeaseException extends RuntimeException {

  StaleLeaseException(String detail) {
    super(detail);
  }
}
