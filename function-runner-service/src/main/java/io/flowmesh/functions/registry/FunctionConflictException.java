package io.flowmesh.functions.registry;

/**
 * The request conflicts with what is registered: the slug is taken or reserved by the platform, the
 * function is a platform function, or an Idempotency-Key was reused for another request.
 */
public class FunctionConflictException extends RuntimeException {

  public FunctionConflictException(String message) {
    super(message);
  }
}
