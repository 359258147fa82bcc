package io.flowmesh.functions.builtin;

import io.flowmesh.functions.execution.Invocation;

/**
 * A function implemented inside this service. Each one is also registered in the {@code functions}
 * table under tenant {@code *} by a migration, with its input and output schemas; the input it gets
 * has already been validated against the input schema.
 */
interface BuiltinFunction {

  /** The slug it is registered under, e.g. {@code core/echo}. */
  String slug();

  /**
   * True if it only computes its output from its input, in microseconds: no I/O, no waiting, no
   * unbounded work. Such a function runs on the listener's thread, not a thread of its own.
   */
  default boolean computesOnly() {
    return false;
  }

  /**
   * Computes the output (any JSON value).
   *
   * @throws FunctionFailure for a failure with a precise code
   */
  Object apply(Invocation invocation);
}
