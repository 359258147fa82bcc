package io.flowmesh.integrations.connection;

/** The tenant has no connection with that id. */
public class ConnectionNotFoundException extends RuntimeException {

  public ConnectionNotFoundException(String id) {
    super("No connection '" + id + "' exists for this tenant.");
  }
}
