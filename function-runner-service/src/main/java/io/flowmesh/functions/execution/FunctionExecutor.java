package io.flowmesh.functions.execution;

import io.flowmesh.functions.registry.RegisteredFunction;

/**
 * Runs the functions of one execution type ({@code builtin}, {@code http}, {@code oci}).
 *
 * <p>Each execution runs on its own virtual thread, so an implementation may block (an HTTP call,
 * waiting for a Job) without holding up other executions. It never runs inside a transaction: its
 * result is recorded afterwards (ADR 0009).
 */
public interface FunctionExecutor {

  /** The execution type this executor runs. */
  String executionType();

  /**
   * Whether this function may run on the listener's thread instead of its own: only for functions
   * that finish in microseconds without I/O, where starting a thread and handing the result back
   * would cost more than the function. Default false.
   */
  default boolean runsInline(RegisteredFunction function) {
    return false;
  }

  /** Runs the function once and enforces the invocation's timeout; failures are returned. */
  Outcome execute(Invocation invocation);
}
