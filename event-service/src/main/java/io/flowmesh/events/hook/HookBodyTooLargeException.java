package io.flowmesh.events.hook;

/** A delivery whose body is over its hook's limit: a 413. Nothing of it is stored. */
public class HookBodyTooLargeException extends RuntimeException {

  HookBodyTooLargeException(long limit) {
    super("The request body is over this hook's limit of " + limit + " bytes.");
  }
}
