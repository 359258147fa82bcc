package io.flowmesh.functions.execution;

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

  /** Runs the function once and enforces the invocation's timeout; failures are returned. */
  Outcome execute(Invocation invocation);
}
