package io.flowmesh.model.run;

/**
 * Why a node or function execution failed.
 *
 * @param code a stable machine-readable code, e.g. {@code FUNCTION_NOT_FOUND} or {@code HTTP_503}
 * @param message a human-readable explanation; never contains secrets
 * @param retryable whether a retry policy may try again
 */
public record ExecutionError(String code, String message, boolean retryable) {}
