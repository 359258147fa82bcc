package io.flowmesh.functions.execution;

import io.flowmesh.functions.registry.RegisteredFunction;
import io.flowmesh.model.function.FunctionRequested;

/**
 * Runs the functions of one execution type ({@code builtin}, {@code http}, {@code oci}).
 *
 * <p>Synchronous for now, because only builtins exist and they finish in microseconds: a poll's
 * requests execute inside the poll's one transaction. HTTP and container functions may take minutes
 * and must not hold up the other requests of their partition (DESIGN.md, Messages), so they will be
 * consumed through a Parallel Consumer and each execution recorded in its own transaction when it
 * ends. This seam will then return a {@code CompletionStage<Outcome>}; an implementation must
 * therefore never rely on a surrounding transaction.
 */
public interface FunctionExecutor {

  /** The execution type this executor runs. */
  String executionType();

  /** Runs the function once; failures are returned, not thrown. */
  Outcome execute(RegisteredFunction function, FunctionRequested request);
}
