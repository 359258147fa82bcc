package io.flowmesh.model;

/** HTTP headers the gateway sets on requests it forwards to the services. */
public final class InternalHeaders {

  /** The tenant resolved by the gateway from the caller's credentials. Clients cannot set it. */
  public static final String TENANT = "X-Flowmesh-Tenant";

  /**
   * Shared secret proving a request came through the gateway; services trust {@link #TENANT} only
   * when it is present and correct.
   */
  public static final String GATEWAY_TOKEN = "X-Flowmesh-Gateway-Token";

  /** Correlates one request across gateway and service logs. */
  public static final String REQUEST_ID = "X-Request-Id";

  private InternalHeaders() {}
}
