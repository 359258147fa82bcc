package io.flowmesh.integrations.connection;

/** No connection of that id belongs to the tenant (or, where it matters, it is disabled). */
public class ConnectionNotFoundException extends RuntimeException {

  public ConnectionNotFoundException(String id) {
    super("No connection '" + id + "' exists for this tenant.");
  }
}
