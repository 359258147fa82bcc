package io.flowmesh.functions.builtin;

/**
 * A builtin's failure with a stable code and whether a retry may help. The message becomes the
 * execution error's message, so it must never contain a secret.
 */
class FunctionFailure extends RuntimeException {

  private final String code;
  private final boolean retryable;

  FunctionFailure(String code, String message, boolean retryable) {
    super(message, null, false, false);
    this.code = code;
    this.retryable = retryable;
  }

  String code() {
    return code;
  }

  boolean retryable() {
    return retryable;
  }
}
