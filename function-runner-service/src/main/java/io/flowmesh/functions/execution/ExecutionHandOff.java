package io.flowmesh.functions.execution;

import io.flowmesh.functions.registry.RegisteredFunction;
import java.util.Map;

/**
 * Takes the requests of functions of one execution type that do not run here but elsewhere, such as
 * external workers (ADR 0049). It stores them before it returns (the poll's offsets are committed
 * afterwards) and records their results with {@link ExecutionRecorder} when they finish.
 */
public interface ExecutionHandOff {

  /** The execution type whose requests this takes, e.g. {@code worker}. */
  String executionType();

  /**
   * Stores the requests, each once however often it is delivered.
   *
   * @param calls the requests of one tenant with their enabled functions, in poll order
   */
  void handOff(Map<PendingExecution, RegisteredFunction> calls);
}
