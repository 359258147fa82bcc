package io.flowmesh.functions.execution;

import io.flowmesh.model.run.ExecutionError;

/** How one execution ended. */
public sealed interface Outcome {

  /** No visible, enabled function has the requested slug. */
  String FUNCTION_NOT_FOUND = "FUNCTION_NOT_FOUND";

  /** The function is registered, but this service cannot run it (yet). */
  String FUNCTION_UNAVAILABLE = "FUNCTION_UNAVAILABLE";

  /** The function ran and threw. */
  String FUNCTION_ERROR = "FUNCTION_ERROR";

  /** The request's input or the function's output could not be stored, e.g. a NUL in text. */
  String NOT_RECORDABLE = "EXECUTION_NOT_RECORDABLE";

  /** The input does not match the function's input schema. */
  String INPUT_INVALID = "INPUT_INVALID";

  /** The output does not match the function's output schema. */
  String OUTPUT_INVALID = "OUTPUT_INVALID";

  /** The execution did not finish within its timeout. */
  String TIMEOUT = "TIMEOUT";

  static Outcome succeeded(Object output) {
    return new Succeeded(output);
  }

  static Outcome failed(String code, String message, boolean retryable) {
    return new Failed(new ExecutionError(code, message, retryable));
  }

  /** The function returned an output (any JSON value, may be null). */
  record Succeeded(Object output) implements Outcome {}

  /** The function did not produce an output. */
  record Failed(ExecutionError error) implements Outcome {}
}
