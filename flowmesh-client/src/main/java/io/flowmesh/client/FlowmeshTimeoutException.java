package io.flowmesh.client;

/** A wait (for a run to end) reached its deadline; the run goes on. */
public final class FlowmeshTimeoutException extends FlowmeshException {

  /** A wait that ran out, with what was last seen. */
  public FlowmeshTimeoutException(String message) {
    super(message);
  }
}
