package io.flowmesh.functions.builtin;

/**
 * A function implemented inside this service. Each one is also registered in the {@code functions}
 * table under tenant {@code *} by a migration, which is what makes it visible and callable.
 */
interface BuiltinFunction {

  /** The slug it is registered under, e.g. {@code core/echo}. */
  String slug();

  /** Computes the output (any JSON value) from the input (any JSON value, may be null). */
  Object apply(Object input);
}
