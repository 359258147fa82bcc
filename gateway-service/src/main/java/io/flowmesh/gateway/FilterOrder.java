package io.flowmesh.gateway;

import org.springframework.core.Ordered;

/**
 * The order of the gateway's own web filters, in one place because each step relies on the one
 * before it: errors raised by later filters must already carry the request id, and size and rate
 * limits are charged to an authenticated tenant.
 */
public final class FilterOrder {

  /** Assigns the request id first so every response, including errors, carries it. */
  public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE + 100;

  /** Refuses request lines too long to forward, before any filter reads the path. */
  public static final int URI_LENGTH = REQUEST_ID + 50;

  /** Refuses paths a service might resolve differently from the gateway, before anything else. */
  public static final int PATH_FIREWALL = REQUEST_ID + 100;

  /** Authenticates before any work is spent on the request. */
  public static final int AUTHENTICATION = PATH_FIREWALL + 100;

  /** Charges the authenticated tenant before anything is forwarded. */
  public static final int RATE_LIMIT = AUTHENTICATION + 100;

  /** Rejects oversized bodies of authenticated callers before they are forwarded. */
  public static final int REQUEST_SIZE = RATE_LIMIT + 100;

  private FilterOrder() {}
}
