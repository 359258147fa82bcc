package io.flowmesh.integrations.connection;

/** Outcomes of connection changes that are not field problems; none carries an HTTP status. */
public final class ConnectionExceptions {

  private ConnectionExceptions() {}

  /** Another connection of the tenant already has the name. */
  public static class DuplicateName extends RuntimeException {
    public DuplicateName(String name) {
      super("A connection named '" + name + "' already exists.");
    }
  }

  /** An update named a version (If-Match) that is no longer current. */
  public static class VersionMismatch extends RuntimeException {
    public VersionMismatch(String id, String current) {
      super(
          "Connection "
              + id
              + " has changed since it was read; its current ETag is "
              + current
              + ". Read it again and retry with that If-Match.");
    }
  }

  /** An update without If-Match. */
  public static class VersionRequired extends RuntimeException {
    public VersionRequired() {
      super("Updates need an If-Match header with the connection's ETag.");
    }
  }

  /** An Idempotency-Key reused with a different request. */
  public static class IdempotencyKeyReused extends RuntimeException {
    public IdempotencyKeyReused() {
      super("This Idempotency-Key was already used with a different request.");
    }
  }
}
