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

  /**
   * Registers the audit record of a mutating call right after the request id, so that it sees the
   * final status of every answer, the refusals of the filters below included.
   */
  public static final int AUDIT = REQUEST_ID + 10;

  /** Refuses request lines too long to forward, before any filter reads the path. */
  public static final int URI_LENGTH = REQUEST_ID + 50;

  /** Refuses paths a service might resolve differently from the gateway, before anything else. */
  public static final int PATH_FIREWALL = REQUEST_ID + 100;

  /** Authenticates before any work is spent on the request. */
  public static final int AUTHENTICATION = PATH_FIREWALL + 100;

  /** Refuses every key of a suspended tenant. */
  public static final int TENANT_STATUS = AUTHENTICATION + 20;

  /** Checks the key's scopes against the access rules. */
  public static final int AUTHORIZATION = AUTHENTICATION + 40;

  /** Charges the key and its tenant for a request they may make, before it is forwarded. */
  public static final int RATE_LIMIT = AUTHENTICATION + 100;

  /** Rejects oversized bodies of authenticated callers before they are forwarded. */
  public static final int REQUEST_SIZE = RATE_LIMIT + 100;

  private FilterOrder() {}
}
